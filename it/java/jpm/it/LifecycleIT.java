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

/** The restart policy, whole-tree stop, subreaper reaping, memory limit. */
class LifecycleIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void crashLoopWaitsLongerEachTimeThenErrsWithTheReason() {
        jpm.jpm("start", "--name", "loop", "--max-restarts", "3", "/bin/false").ok();
        await().atMost(WAIT).untilAsserted(() -> assertThat(jpm.jlist().getFirst().get("status")).isEqualTo("errored"));
        String describe = jpm.jpm("describe", "loop").ok().out();
        // backoff: 100, 200, 400 ms between the runs, then it gives up
        assertThat(describe).contains("restarting in 100 ms").contains("restarting in 200 ms").contains("restarting in 400 ms")
                .contains("gave up after 3 unstable restarts").contains("restarts 3");
        Map<String, Object> i = jpm.jlist().getFirst();
        assertThat(i.get("status_reason").toString()).contains("exited with code 1");
        jpm.jpm("reset", "loop").ok();
        assertThat(jpm.jlist().getFirst().get("restarts")).isEqualTo(0L);
    }

    @Test
    void stopExitCodesAreRespected() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: done\n    script: " + JpmHomeFixture.fixture("exit3.sh") + "\n    stop_exit_codes: [3]\n"
                + "  - name: again\n    script: " + JpmHomeFixture.fixture("exit3.sh") + "\n    max_restarts: 1\n");
        jpm.jpm("apply", "--timeout", "20s", eco.toString()); // fails: "again" errs; "done" stops
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
            for (Map<String, Object> i : jpm.jlist()) byName.put((String) i.get("name"), i);
            assertThat(byName.get("done")).containsEntry("status", "stopped").containsEntry("restarts", 0L).containsEntry("exit_code", 3L);
            assertThat(byName.get("again")).containsEntry("status", "errored");
        });
    }

    @Test
    void noProcessOfTheTreeSurvivesStopOrDelete() throws Exception {
        jpm.jpm("start", "--name", "tree", "--kill-timeout", "500", JpmHomeFixture.fixture("escaper.sh").toString()).ok();
        long id = (Long) jpm.jlist().getFirst().get("id");
        // main + trapping bash + its sleep + setsid sleep + escaper bash + its sleep
        await().atMost(WAIT).until(() -> tagged(id).size() >= 6);
        jpm.jpm("stop", "tree").ok();
        assertThat(tagged(id)).as("survivors after stop").isEmpty();

        jpm.jpm("restart", "tree").ok();
        await().atMost(WAIT).until(() -> tagged(id).size() >= 6);
        jpm.jpm("delete", "tree").ok();
        assertThat(tagged(id)).as("survivors after delete").isEmpty();
    }

    @Test
    void orphansOfAnAppAreReapedSoNoZombiesAreLeft() throws Exception {
        jpm.jpm("start", "--name", "forker", JpmHomeFixture.fixture("forker.sh").toString()).ok();
        long daemon = jpm.daemonPid();
        Path out = Path.of((String) jpm.jlist().getFirst().get("out_log"));
        await().atMost(WAIT).until(() -> Files.readString(out).contains("forked"));
        // reaped by the daemon's scan every 2 s; generous bound for a loaded CI machine
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(zombiesOf(daemon)).isEmpty());
    }

    @Test
    void anAppAboveItsMemoryLimitIsRestartedWithCauseMemory() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: hog\n    script: " + JpmHomeFixture.fixture("hog.py") + "\n    max_memory_restart: 100M\n");
        jpm.jpm("apply", "--timeout", "20s", eco.toString()).ok();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat((Long) jpm.jlist().getFirst().get("restarts")).isGreaterThanOrEqualTo(1L);
            assertThat(jpm.jpm("describe", "hog").ok().out()).contains("memory:").contains("max_memory_restart 100 MiB");
        });
    }

    @Test
    void lsShowsTheMemoryOfTheWholeTree() {
        jpm.jpm("start", "--name", "tree", JpmHomeFixture.fixture("tree.sh").toString()).ok();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> i = jpm.jlist().getFirst();
            long main = ProcFs.stat((Long) i.get("pid")).orElseThrow().rssBytes();
            assertThat((Long) i.get("memory_bytes")).isGreaterThan(main);
        });
    }

    @Test
    void aChangedWatchedFileRestartsTheAppAndAnIgnoredOneDoesNot() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.createDirectories(app.resolve("cache"));
        Files.writeString(app.resolve("config.txt"), "v1");
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: w\n    script: " + JpmHomeFixture.fixture("hello.sh") + "\n    cwd: " + app
                + "\n    watch: true\n    ignore_watch: [cache]\n    watch_delay: 200\n    min_uptime: 100\n");
        jpm.jpm("apply", eco.toString()).ok();
        long first = (Long) jpm.jlist().getFirst().get("pid");

        Files.writeString(app.resolve("cache/tmp.bin"), "ignored");
        Files.writeString(app.resolve("config.txt"), "v2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(jpm.jlist().getFirst().get("pid")).isNotNull().isNotEqualTo(first));
        String describe = jpm.jpm("describe", "w").ok().out();
        assertThat(describe).contains("watch: " + app.resolve("config.txt")).doesNotContain("cache/tmp.bin");
        long second = (Long) jpm.jlist().getFirst().get("pid");

        // only ignored writes now: a later positive control proves the watcher was still listening
        Files.writeString(app.resolve("cache/tmp2.bin"), "ignored");
        Files.writeString(app.resolve("config.txt"), "v3");
        await().atMost(WAIT).untilAsserted(() -> assertThat(jpm.jlist().getFirst().get("restarts")).isEqualTo(2L));
        assertThat(jpm.jpm("describe", "w").ok().out()).doesNotContain("tmp2.bin");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aCronEveryTwoSecondsRestartsTheAppAndABadCronIsRefusedAtLoad() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: c\n    script: " + JpmHomeFixture.fixture("hello.sh")
                + "\n    cron_restart: \"*/2 * * * * *\"\n    min_uptime: 100\n");
        jpm.jpm("apply", eco.toString()).ok();
        await().atMost(WAIT).untilAsserted(() -> assertThat((Long) jpm.jlist().getFirst().get("restarts")).isGreaterThanOrEqualTo(2L));
        assertThat(jpm.jpm("describe", "c").ok().out()).contains("cron: */2 * * * * *");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apps:\n  - name: c\n    script: /bin/true\n    cron_restart: \"61 * * * *\"\n");
        JpmHomeFixture.Result r = jpm.jpm("validate", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":4:").contains("61");
        // removing cron_restart unschedules it live: restarts stop growing
        Files.writeString(eco, "apps:\n  - name: c\n    script: " + JpmHomeFixture.fixture("hello.sh") + "\n    min_uptime: 100\n");
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("= update  default/c");
        long after = (Long) jpm.jlist().getFirst().get("restarts");
        long pid = (Long) jpm.jlist().getFirst().get("pid");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jpm.jlist().getFirst().get("pid")).isEqualTo(pid));
        assertThat(jpm.jlist().getFirst().get("restarts")).isEqualTo(after);
    }

    @Test
    void sendSignalReachesTheMainProcess() {
        jpm.jpm("start", "--name", "sig", JpmHomeFixture.fixture("usr2.sh").toString()).ok();
        Path out = Path.of((String) jpm.jlist().getFirst().get("out_log"));
        await().atMost(WAIT).until(() -> Files.readString(out).contains("ready"));
        jpm.jpm("sendSignal", "SIGUSR2", "sig").ok();
        await().atMost(WAIT).until(() -> Files.readString(out).contains("got USR2"));
        assertThat(jpm.jpm("sendSignal", "SIGNOPE", "sig").exit()).isEqualTo(2);
    }

    private List<Long> tagged(long id) {
        return jpm.taggedProcesses().getOrDefault(Long.toString(id), List.of());
    }

    private static List<Long> zombiesOf(long parent) {
        return ProcFs.all().stream().filter(st -> st.ppid() == parent && st.zombie()).map(ProcFs.Stat::pid).toList();
    }
}
