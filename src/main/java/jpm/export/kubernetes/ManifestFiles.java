package jpm.export.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * -o DIR: every file written into a temporary directory beside them first, then each moved into
 * place, so a failure leaves the directory as it was rather than half of a new export in it.
 */
public final class ManifestFiles {
    private ManifestFiles() {}

    public static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempDirectory(dir, ".jpm-export-");
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(temp.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            for (String name : files.keySet()) {
                Files.move(temp.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            try (Stream<Path> left = Files.walk(temp)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
