package jpm.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an export's files into a directory: every file first to a temporary file beside it
 * (mode set before a byte is written: 0600 for an EnvironmentFile, 0644 for units), then each
 * renamed over its name. A failure before the renames leaves no file changed and no temporary
 * file behind.
 */
public final class ExportFiles {
    static final Set<PosixFilePermission> UNIT_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> SECRET_MODE = PosixFilePermissions.fromString("rw-------");

    private ExportFiles() {}

    /** @return the paths written, in the order of {@code files} */
    public static List<Path> write(Path dir, List<ExportFile> files) throws IOException {
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (ExportFile f : files) {
                Path target = dir.resolve(f.name()).normalize();
                if (!target.startsWith(dir.normalize())) throw new IOException("a unit name leaves " + dir + ": " + f.name());
                Files.createDirectories(target.getParent());
                Set<PosixFilePermission> mode = f.secret() ? SECRET_MODE : UNIT_MODE;
                Path temp = Files.createTempFile(target.getParent(), ".jpm-export-", ".tmp", PosixFilePermissions.asFileAttribute(SECRET_MODE));
                temps.put(target, temp);
                Files.writeString(temp, f.text(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(temp, mode); // after the umask, which createTempFile's mode went through
            }
        } catch (IOException | RuntimeException e) {
            for (Path temp : temps.values()) Files.deleteIfExists(temp);
            throw e;
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, Path> t : temps.entrySet()) {
            Files.move(t.getValue(), t.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written.add(t.getKey());
        }
        return written;
    }
}
