package jpm.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {
    @TempDir
    Path dir;

    @Test
    void unitsAre0644TheEnvironmentFile0600AndDropInsGetTheirDirectory() throws IOException {
        Path out = dir.resolve("units");
        List<Path> written = ExportFiles.write(out, List.of(
                new ExportFile("jpm-default-web@.service", "[Service]\n", false),
                new ExportFile("jpm-default-web.env", "TOKEN=\"x\"\n", true),
                new ExportFile("jpm-default-web@1.service.d/increment-var.conf", "[Service]\n", false)));
        assertThat(written).containsExactly(out.resolve("jpm-default-web@.service"), out.resolve("jpm-default-web.env"),
                out.resolve("jpm-default-web@1.service.d/increment-var.conf"));
        assertThat(mode(out.resolve("jpm-default-web@.service"))).isEqualTo("rw-r--r--");
        assertThat(mode(out.resolve("jpm-default-web.env"))).isEqualTo("rw-------");
        assertThat(mode(out.resolve("jpm-default-web@1.service.d/increment-var.conf"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(out.resolve("jpm-default-web.env"))).isEqualTo("TOKEN=\"x\"\n");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aFileThatCannotBeWrittenLeavesEveryOtherFileAsItWasAndNoTemporaryFile() throws IOException {
        Files.writeString(dir.resolve("jpm-default-web@.service"), "old\n");
        Files.writeString(dir.resolve("blocker"), "a file where a drop-in directory should go\n");
        assertThatThrownBy(() -> ExportFiles.write(dir, List.of(
                new ExportFile("jpm-default-web@.service", "new\n", false),
                new ExportFile("blocker/increment-var.conf", "[Service]\n", false)))).isInstanceOf(IOException.class);
        assertThat(Files.readString(dir.resolve("jpm-default-web@.service"))).isEqualTo("old\n");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aNameThatWouldLeaveTheDirectoryIsRefused() {
        assertThatThrownBy(() -> ExportFiles.write(dir.resolve("out"), List.of(new ExportFile("../evil.service", "x", false))))
                .isInstanceOf(IOException.class).hasMessageContaining("leaves");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".jpm-export-")).toList();
        }
    }
}
