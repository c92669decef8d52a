package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log paths through a symbolic link in a sticky world-writable directory (like /tmp): followed only
 * when the link belongs to the app's user or the daemon's, whatever fs.protected_symlinks says.
 */
class LogLinksIT {
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    private Path sticky;
    private Path target;
    private Path link;

    @BeforeEach
    void stickyDirWithALink() throws IOException {
        assumeThat(Files.readString(Path.of("/proc/self/status"))).as("changing a link's owner needs root").containsPattern("(?m)^Uid:\\s+0\\s");
        sticky = Files.createTempDirectory(Path.of("/tmp"), "jpm-sticky-");
        Files.setAttribute(sticky, "unix:mode", 01777);
        target = Files.createTempDirectory(Path.of("/tmp"), "jpm-elsewhere-");
        link = Files.createSymbolicLink(sticky.resolve("link"), target);
        owner("nobody");
    }

    @AfterEach
    void removeThem() throws IOException {
        for (Path p : new Path[] {sticky, target}) {
            if (p == null || !Files.exists(p)) continue;
            JpmHomeFixture.deleteTree(p);
        }
    }

    private void owner(String name) throws IOException {
        Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setOwner(link.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
    }

    private Path eco(String extra) throws IOException {
        Path f = dir.resolve("eco.yaml");
        Files.writeString(f, "apps:\n  - name: web\n    script: /bin/sh\n    args: ['-c', 'echo out-line; echo err-line >&2; exec sleep 600']\n"
                + "    out_file: " + link + "/out.log\n    error_file: " + link + "/err.log\n" + extra);
        return f;
    }

    @Test
    void aStrangersLinkFailsTheApplyNamingItAndCreatesNothingBehindIt() throws Exception {
        JpmHomeFixture.Result r = jpm.jpm("apply", eco("").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("app 'web': log file " + link + "/out-0.log: " + link
                + " is a symbolic link owned by uid 65534 in the world-writable sticky directory " + sticky);
        assertThat(target).isEmptyDirectory();
        assertThat(jpm.jlist()).isEmpty();

        JpmHomeFixture.Result piped = jpm.jpm("apply", eco("    time: true\n").toString());
        assertThat(piped.exit()).isEqualTo(2);
        assertThat(target).isEmptyDirectory();

        JpmHomeFixture.Result start = jpm.jpm("start", "--name", "cli", "-o", link + "/o.log", "--", "/bin/sleep", "600");
        assertThat(start.exit()).isEqualTo(2);
        assertThat(start.err()).contains(link + " is a symbolic link owned by uid 65534");
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void theDaemonsOwnLinkIsFollowed() throws Exception {
        owner("root");
        jpm.jpm("apply", eco("").toString()).ok();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Files.readString(target.resolve("out-0.log"))).contains("out-line");
            assertThat(Files.readString(target.resolve("err-0.log"))).contains("err-line");
        });
    }

    @Test
    void theAppUsersLinkIsFollowed() throws Exception {
        jpm.jpm("apply", eco("    uid: nobody\n").toString()).ok();
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(target.resolve("out-0.log"))).contains("out-line"));
    }
}
