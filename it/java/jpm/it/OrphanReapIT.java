package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jpm.os.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon is a child subreaper: an app that never waits for its children hands them over as
 * zombies when the process that forked them ends. An idle daemon (no /proc scan for a minute)
 * still reaps them at once, and the exit status of the instance that ended together with
 * a thousand orphans is still its own.
 */
class OrphanReapIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    /** The bound: orphans are zombies for less than a second. */
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void thousandsOfOrphansAreReapedWithinASecondThreeCyclesInARowAndExitCodesStayRight() throws Exception {
        jpm.jpm("start", "--name", "orphans", "--no-autorestart", "--cwd", dir.toString(),
                JpmHomeFixture.fixture("orphans.py").toString()).ok();
        long daemon = jpm.daemonPid();
        for (int cycle = 1; cycle <= 3; cycle++) {
            int run = cycle;
            if (run > 1) jpm.jpm("restart", "orphans").ok();
            // No ls/jlist until the zombies are counted: those scan /proc, and the scan reaps too.
            // 1) a grandchild's 1,000 children, handed over while the app lives (SIGCHLD only)
            Path half = dir.resolve("half-" + run);
            await().atMost(WAIT).until(() -> Files.exists(half));
            long app = Long.parseLong(Files.readString(half).strip());
            await().atMost(PROMPTLY).untilAsserted(() -> assertThat(zombieChildren(daemon)).as("run %s, grandchild's orphans", run).isEmpty());

            // 2) the app's own 1,000 children, handed over with its own exit
            Files.createFile(dir.resolve("go-" + run));
            await().atMost(WAIT).until(() -> Files.notExists(Path.of("/proc/" + app))); // ended and reaped, with its status
            await().atMost(PROMPTLY).untilAsserted(() -> assertThat(zombieChildren(daemon)).as("run %s, the app's orphans", run).isEmpty());

            Map<String, Object> i = jpm.jlist().getFirst();
            assertThat(i.get("status")).isEqualTo("stopped");
            assertThat(i.get("exit_code")).as("the instance's own status, not an orphan's").isEqualTo(40L + run);
            assertThat(i.get("exit_signal")).isNull();
        }
    }

    private static List<Long> childrenOf(long pid) {
        return ProcFs.childrenOf(pid);
    }

    private static List<Long> zombieChildren(long daemon) {
        return childrenOf(daemon).stream().filter(pid -> ProcFs.stat(pid).map(ProcFs.Stat::zombie).orElse(false)).toList();
    }
}
