package jpm.ecosystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file reads that choosing an interpreter needs ({@link Interpreters#forFile}): a script's
 * first bytes, and a bare command's file on a PATH. Shared by the loader (which must know at load
 * whether an app is a Node app) and {@code CommandResolver}.
 */
public final class ScriptFiles {
    private ScriptFiles() {}

    /** The first {@link Interpreters#HEAD_BYTES} bytes of a regular file, or null when it cannot be read. */
    public static byte[] head(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(Interpreters.HEAD_BYTES);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The first executable file named {@code program} in the directories of {@code searchPath}. */
    public static Optional<Path> onPath(String program, String searchPath) {
        if (searchPath == null || program.isEmpty() || program.contains("/")) return Optional.empty();
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) continue;
            try {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
            } catch (InvalidPathException e) {
                // a name no file can have
            }
        }
        return Optional.empty();
    }

    /**
     * The interpreter the daemon will choose for a script ({@link Interpreters#forFile}), as far
     * as the file system at load tells: a file in cwd, else a command on {@code searchPath} (the
     * loading process's PATH, which the daemon inherits from the CLI that starts it), else by
     * the name alone.
     */
    public static List<String> interpreterAtLoad(String script, Path cwd, String explicit, String searchPath) {
        Path file;
        try {
            file = cwd.resolve(script);
        } catch (InvalidPathException e) {
            return Interpreters.forScript(script, explicit);
        }
        if (!Files.exists(file) && !script.contains("/")) file = onPath(script, searchPath).orElse(null);
        String name = file == null ? script : file.getFileName().toString();
        Path found = file;
        return Interpreters.forFileLazily(name, explicit, () -> found == null ? null : head(found));
    }
}
