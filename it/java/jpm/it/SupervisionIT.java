package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jpm.os.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, restart, delete and crash recovery, driven through the real CLI. */
class SupervisionIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void startsThreeInstancesWithDistinctLivePidsAllOnline() {
        jpm.jpm("start", "--name", "web", "-i", "3", JpmHomeFixture.fixture("hello.sh").toString()).ok();

        List<Map<String, Object>> list = jpm.jlist();
        assertThat(list).hasSize(3);
        assertThat(list).extracting(i -> i.get("status")).containsOnly("online");
        assertThat(list).extracting(i -> i.get("instance")).containsExactly(0L, 1L, 2L);
        Set<Long> pids = list.stream().map(i -> (Long) i.get("pid")).collect(Collectors.toSet());
        assertThat(pids).hasSize(3).allMatch(ProcFs::alive);
        // each instance leads its own process group (and session)
        for (long pid : pids) assertThat(ProcFs.stat(pid).orElseThrow().pgid()).isEqualTo(pid);
    }

    @Test
    void childGetsItsEnvironmentAndWritesToItsLogFiles() throws Exception {
        jpm.jpm("start", "--name", "env-check", "-i", "2", "--env", "GREETING=hi there", "--instance-var", "CUSTOM_INSTANCE",
                JpmHomeFixture.fixture("hello.sh").toString(), "--", "a b", "c").ok();
        List<Map<String, Object>> list = jpm.jlist();
        Path out1 = Path.of((String) list.get(1).get("out_log"));
        Path err1 = Path.of((String) list.get(1).get("err_log"));
        assertThat(out1).isEqualTo(jpm.home().resolve("logs/env-check-1-out.log"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(out1))
                .contains("hello from env-check instance=1 node_app_instance=unset custom=1 greeting=hi there args=a b c"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(err1)).contains("to stderr"));
    }

    @Test
    void stopTakesTheWholeProcessGroupThenRestartAndDelete() {
        jpm.jpm("start", "--name", "tree", "-i", "3", JpmHomeFixture.fixture("tree.sh").toString()).ok();
        List<Long> groups = pids(jpm.jlist());
        // wait until each main process has forked its child, so the group has two members
        await().atMost(WAIT).until(() -> groups.stream().allMatch(g -> JpmHomeFixture.liveMembers(g).size() == 2));

        jpm.jpm("stop", "tree").ok();
        // stop returns only when the processes are gone: no polling here
        for (long g : groups) assertThat(JpmHomeFixture.liveMembers(g)).as("live members of group %d", g).isEmpty();
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("stopped");
        assertThat(jpm.jlist()).extracting(i -> i.get("pid")).containsOnlyNulls();

        jpm.jpm("restart", "tree").ok();
        List<Map<String, Object>> restarted = jpm.jlist();
        assertThat(restarted).extracting(i -> i.get("status")).containsOnly("online");
        List<Long> newGroups = pids(restarted);
        assertThat(newGroups).doesNotContainAnyElementsOf(groups).allMatch(ProcFs::alive);

        jpm.jpm("delete", "tree").ok();
        assertThat(jpm.jlist()).isEmpty();
        for (long g : newGroups) assertThat(JpmHomeFixture.liveMembers(g)).isEmpty();
    }

    @Test
    void stopEscalatesToSigkillAfterKillTimeout() {
        jpm.jpm("start", "--name", "stubborn", "--kill-timeout", "300", JpmHomeFixture.fixture("stubborn.sh").toString()).ok();
        long pid = pids(jpm.jlist()).getFirst();
        await().atMost(WAIT).until(() -> JpmHomeFixture.liveMembers(pid).size() == 2);

        jpm.jpm("stop", "stubborn").ok();

        assertThat(JpmHomeFixture.liveMembers(pid)).isEmpty();
        assertThat(jpm.jlist().getFirst()).containsEntry("exit_signal", "SIGKILL").containsEntry("status", "stopped");
    }

    @Test
    void instanceKilledWithSigkillComesBackWithNewPid() throws Exception {
        jpm.jpm("start", "--name", "crashy", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        long first = pids(jpm.jlist()).getFirst();

        new ProcessBuilder("kill", "-KILL", Long.toString(first)).start().waitFor();

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> i = jpm.jlist().getFirst();
            assertThat(i.get("status")).isEqualTo("online");
            assertThat(i.get("pid")).isNotNull().isNotEqualTo(first);
            assertThat(i.get("restarts")).isEqualTo(1L);
            assertThat(i.get("exit_signal")).isEqualTo("SIGKILL");
        });
    }

    @Test
    void crashLoopEndsErroredAfterMaxRestarts() {
        jpm.jpm("start", "--name", "fails", "--max-restarts", "2", "/bin/false").ok();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> i = jpm.jlist().getFirst();
            assertThat(i.get("status")).isEqualTo("errored");
            assertThat(i.get("restarts")).isEqualTo(2L);
            assertThat(i.get("exit_code")).isEqualTo(1L);
        });
        assertThat(jpm.jpm("describe", "fails").ok().out()).contains("errored");
    }

    @Test
    void anExitCodeAbove128IsACodeNotASignal() {
        // the wait status tells exit(137) from a SIGKILL; the JDK's exit value could not
        jpm.jpm("start", "--name", "e137", "--max-restarts", "1", "/bin/sh", "--", "-c", "exit 137").ok();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> i = jpm.jlist().getFirst();
            assertThat(i.get("status")).isEqualTo("errored");
            assertThat(i.get("exit_code")).isEqualTo(137L);
            assertThat(i.get("exit_signal")).isNull();
        });
    }

    @Test
    void childrenGetOnlyTheirStdioAndCostTheDaemonNoThreadEach() throws Exception {
        jpm.jpm("ping").ok();
        long daemon = Long.parseLong(Files.readString(jpm.home().resolve("daemon.pid")).trim());
        long before = threads(daemon);
        jpm.jpm("start", "--name", "many", "-i", "20", "/bin/sleep", "--", "1000").ok();
        List<Long> pids = pids(jpm.jlist());
        assertThat(pids).hasSize(20).allMatch(ProcFs::alive);
        // one exit watcher for all: not the JDK's reaper thread per child (a few threads may come and go)
        assertThat(threads(daemon)).isLessThan(before + 5);
        try (var fds = Files.list(Path.of("/proc/" + pids.getFirst() + "/fd"))) {
            assertThat(fds.map(f -> f.getFileName().toString()).sorted().toList()).as("no daemon descriptor leaks into the app")
                    .containsExactly("0", "1", "2");
        }
    }

    private static long threads(long pid) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Threads:"))
                .mapToLong(l -> Long.parseLong(l.substring(8).trim())).findFirst().orElseThrow();
    }

    @Test
    void scriptNotFoundOrNotExecutableIsRefusedAndNothingRegistered() throws Exception {
        JpmHomeFixture.Result missing = jpm.jpm("start", "/nonexistent/dir/app.py");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("/nonexistent/dir/app.py").contains("not found");

        // a binary is executed itself, so it needs the x bit (a script without it runs under an interpreter)
        Path notExec = Files.copy(Path.of("/bin/true"), dir.resolve("not-executable"));
        Files.setPosixFilePermissions(notExec, PosixFilePermissions.fromString("rw-r--r--"));
        JpmHomeFixture.Result noExec = jpm.jpm("start", notExec.toString());
        assertThat(noExec.exit()).isNotZero();
        assertThat(noExec.err()).contains(notExec.toString()).contains("not executable");

        JpmHomeFixture.Result noCmd = jpm.jpm("start", "no-such-command-jpm");
        assertThat(noCmd.exit()).isNotZero();
        assertThat(noCmd.err()).contains("no-such-command-jpm").contains("PATH");

        assertThat(missing.err() + noExec.err() + noCmd.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(jpm.jlist()).isEmpty();
    }

    /**
     * PM2 runs a script without a known extension with node unless it is a binary; jpm also obeys
     * a #! line that names another interpreter. Neither needs the executable bit.
     */
    @Test
    void aScriptWithoutAKnownExtensionRunsAsPm2RunsItWithoutTheExecutableBit() throws Exception {
        assumeTrue(onPath("node"), "node is not on PATH");
        Path www = dir.resolve("www");
        Files.writeString(www, "console.log('node ' + process.version);\nsetInterval(() => {}, 1000);\n");
        Path job = dir.resolve("job");
        Files.writeString(job, "#!/bin/bash\necho \"bash $BASH_VERSION\"\nexec sleep 100000\n");
        assertThat(Files.isExecutable(www) || Files.isExecutable(job)).isFalse();
        jpm.jpm("start", www.toString()).ok();
        jpm.jpm("start", job.toString()).ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> jpm.jlist().stream().allMatch(i -> "online".equals(i.get("status")))
                && jpm.jlist().size() == 2);
        assertThat(jpm.jpm("describe", "www").ok().out()).containsPattern("command +\\S*/node " + www);
        assertThat(jpm.jpm("describe", "job").ok().out()).containsPattern("command +/bin/bash " + job);
        Map<String, Path> logs = jpm.jlist().stream().collect(Collectors.toMap(i -> (String) i.get("name"), i -> Path.of((String) i.get("out_log"))));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(Files.readString(logs.get("www"))).startsWith("node v");
            assertThat(Files.readString(logs.get("job"))).startsWith("bash ");
        });
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    @Test
    void targetsByIdNamespaceAndAll() {
        jpm.jpm("start", "--name", "api", "--namespace", "shop", "-i", "2", "/bin/sleep", "--", "100000").ok();
        jpm.jpm("start", "--name", "api", "--namespace", "blog", "/bin/sleep", "--", "100000").ok();
        assertThat(jpm.jlist()).hasSize(3);

        JpmHomeFixture.Result dup = jpm.jpm("start", "--name", "api", "--namespace", "blog", "/bin/sleep", "--", "1");
        assertThat(dup.exit()).isNotZero();
        assertThat(dup.err()).contains("already exists");

        jpm.jpm("stop", "shop").ok();
        assertThat(jpm.jlist()).extracting(i -> i.get("namespace") + ":" + i.get("status"))
                .containsExactly("shop:stopped", "shop:stopped", "blog:online");
        jpm.jpm("stop", "2").ok();
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("stopped");
        jpm.jpm("restart", "all").ok();
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("online");
        assertThat(jpm.jlist().get(2).get("out_log")).isEqualTo(jpm.home().resolve("logs/blog/api-0-out.log").toString());

        JpmHomeFixture.Result none = jpm.jpm("stop", "nothing-here");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("nothing-here");
    }

    private static List<Long> pids(List<Map<String, Object>> list) {
        return list.stream().map(i -> (Long) i.get("pid")).toList();
    }
}
