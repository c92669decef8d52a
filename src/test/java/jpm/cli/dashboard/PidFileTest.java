package jpm.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @Test
    void parsesOnlyAWholeFile() {
        assertThat(PidFile.parse(List.of("42", "http://127.0.0.1:1/?token=x"))).isEqualTo(new PidFile.Running(42, "http://127.0.0.1:1/?token=x"));
        assertThat(PidFile.parse(List.of("42"))).isNull();
        assertThat(PidFile.parse(List.of("0", "http://x"))).isNull();
        assertThat(PidFile.parse(List.of("4x", "http://x"))).isNull();
        assertThat(PidFile.parse(List.of("42", "file:///etc"))).isNull();
    }

    @Test
    void isWrittenPrivateAndAStaleOneIsRemoved(@TempDir Path dir) throws Exception {
        PidFile f = new PidFile(dir.resolve("dashboard.pid"));
        f.write(ProcessHandle.current().pid(), "http://127.0.0.1:1/?token=x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path()))).isEqualTo("rw-------");
        // this test's JVM is no dashboard: the file is stale
        assertThat(f.running()).isEmpty();
        assertThat(f.path()).doesNotExist();
        f.write(ProcessHandle.current().pid(), "http://127.0.0.1:1/?token=x");
        f.removeIfMine();
        assertThat(f.path()).doesNotExist();
    }
}
