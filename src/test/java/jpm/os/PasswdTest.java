package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The libc lookups against this machine's own accounts (every Linux has root; Debian has nobody and nogroup). */
class PasswdTest {
    @Test
    void findsRootByNameAndById() {
        Passwd.User root = Passwd.user("root").orElseThrow();
        assertThat(root.uid()).isZero();
        assertThat(root.gid()).isZero();
        assertThat(root.home()).isEqualTo("/root");
        assertThat(Passwd.user(0)).contains(root);
        assertThat(Passwd.group("root").orElseThrow().gid()).isZero();
        assertThat(Passwd.group(0).orElseThrow().name()).isEqualTo("root");
    }

    @Test
    void findsNobody() {
        Passwd.User nobody = Passwd.user("nobody").orElseThrow();
        assertThat(nobody.uid()).isEqualTo(65534);
        assertThat(Passwd.user(65534).orElseThrow().name()).isEqualTo("nobody");
    }

    @Test
    void anUnknownNameOrIdIsEmpty() {
        assertThat(Passwd.user("no-such-user-jpm")).isEmpty();
        assertThat(Passwd.group("no-such-group-jpm")).isEmpty();
        assertThat(Passwd.user(3_999_999_999L)).isEmpty();
    }

    @Test
    void ownIdsAreWhatIdSays() throws Exception {
        assertThat(Passwd.euid()).isEqualTo(Long.parseLong(run("id", "-u")));
        assertThat(Passwd.egid()).isEqualTo(Long.parseLong(run("id", "-g")));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void ownIdsAreTheProcesss() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        assertThat(Passwd.euid()).isEqualTo(field(status, "Uid:"));
        assertThat(Passwd.egid()).isEqualTo(field(status, "Gid:"));
    }

    /** The effective id: the second number of a /proc/PID/status line. */
    private static long field(String status, String key) {
        String line = status.lines().filter(l -> l.startsWith(key)).findFirst().orElseThrow();
        return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[1]);
    }
}
