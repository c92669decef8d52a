package jpm.ecosystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a spec into the argv the child is executed with (no shell in between), checking on the
 * way that the script, cwd and interpreter exist, so a mistake is refused with a message naming
 * the path before anything is registered.
 */
public final class CommandResolver {
    private final String searchPath;

    /** @param searchPath the PATH used to find bare commands and interpreters */
    public CommandResolver(String searchPath) {
        this.searchPath = searchPath == null ? "/usr/local/bin:/usr/bin:/bin" : searchPath;
    }

    public List<String> resolve(AppSpec app) {
        Launch spec = app.launch();
        String name = app.name();
        Path cwd = Path.of(spec.cwd());
        if (!Files.isDirectory(cwd)) {
            throw new SpecException("app '" + name + "': cwd " + cwd + " does not exist or is not a directory");
        }
        Path script = cwd.resolve(spec.script()).normalize();
        List<String> argv = new ArrayList<>();
        Path file;
        if (Files.exists(script)) {
            if (Files.isDirectory(script)) {
                throw new SpecException("app '" + name + "': script " + script + " is a directory, not a file");
            }
            file = script;
        } else if (spec.script().contains("/")) {
            throw new SpecException("app '" + name + "': script " + script + " not found");
        } else {
            file = onPath(spec.script()).orElseThrow(() -> new SpecException("app '" + name + "': script '" + spec.script()
                    + "' not found: no file " + script + " and no command '" + spec.script() + "' on PATH"));
        }
        // PM2's choice: the attribute, the extension, else the file's first bytes (a #! line, a binary, or node)
        Path found = file;
        byte[][] head = new byte[1][]; // read only when the attribute and the extension leave the choice to it
        List<String> interpreter = Interpreters.forFileLazily(file.getFileName().toString(), spec.interpreter(),
                () -> head[0] = ScriptFiles.head(found));
        if (interpreter.isEmpty()) {
            if (!Files.isExecutable(file)) {
                throw new SpecException("app '" + name + "': script " + file
                        + " is not executable: chmod +x it, or name an interpreter (--interpreter)");
            }
            argv.add(file.toString());
        } else {
            if (!Files.isReadable(file)) {
                throw new SpecException("app '" + name + "': script " + file + " is not readable");
            }
            boolean fromShebang = spec.interpreter() == null && Interpreters.forScript(file.getFileName().toString(), null).isEmpty()
                    && head[0] != null && head[0].length > 1 && head[0][0] == '#' && head[0][1] == '!';
            argv.add(findProgram(interpreter.getFirst(), name, spec,
                    fromShebang ? "interpreter (the #! line of " + file + ")" : "interpreter"));
            argv.addAll(interpreter.subList(1, interpreter.size()));
            argv.addAll(spec.interpreterArgs());
            argv.add(file.toString());
        }
        argv.addAll(spec.args());
        return List.copyOf(argv);
    }

    private String findProgram(String program, String name, Launch spec, String what) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
            throw new SpecException("app '" + name + "': " + what + " " + p + " is not an executable file");
        }
        return onPath(program).map(Path::toString).orElseThrow(() -> new SpecException(
                "app '" + name + "': " + what + " '" + program + "' for " + spec.script()
                        + " not found on PATH (" + searchPath + "): install it or set --interpreter"));
    }

    private Optional<Path> onPath(String program) {
        return ScriptFiles.onPath(program, searchPath);
    }
}
