package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon halted (as by kill -9) at each test-only crash point (JPM_CRASHPOINT): state.json
 * always parses, the next daemon leaves nothing untracked, and a re-apply converges to exactly one
 * process per instance; revision files parse too. Also: a full disk while writing state or a dump.
 */
class CrashPointIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int HALT_STATUS = 86;

    private Path ecosystem() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        StringBuilder y = new StringBuilder("apps:\n");
        for (int a = 0; a < 3; a++) {
            String script = JpmHomeFixture.fixture(a == 0 ? "tree.sh" : "hello.sh").toString();
            y.append("  - name: app").append(a).append("\n    script: ").append(script).append("\n    instances: 2\n    min_uptime: 100\n");
        }
        Files.writeString(eco, y.toString());
        return eco;
    }

    /** Every state and revision file left in the home parses as JSON (a crash never leaves a torn one in place). */
    private void stateFilesParse() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("state.json", "state.json.bak")) files.add(jpm.home().resolve(name));
        Path revisions = jpm.home().resolve("revisions");
        if (Files.isDirectory(revisions)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(revisions, "*.json")) {
                s.forEach(files::add);
            }
        }
        for (Path p : files) {
            if (Files.exists(p)) assertThat(Json.parse(Files.readString(p))).as(p.toString()).isInstanceOf(Map.class);
        }
    }

    /** The main processes of this home's instances: tagged processes that lead their own group. */
    private Set<Long> taggedLeaders() {
        Set<Long> out = new HashSet<>();
        jpm.taggedProcesses().values().forEach(pids -> pids.forEach(pid -> {
            if (jpm.groupOf(pid) == pid) out.add(pid);
        }));
        return out;
    }

    private void convergedExactlyOnce() {
        List<Map<String, Object>> list = jpm.jlist();
        assertThat(list).hasSize(6);
        assertThat(list).extracting(i -> i.get("status")).containsOnly("online");
        Set<Long> pids = new HashSet<>();
        list.forEach(i -> pids.add((Long) i.get("pid")));
        // strays get SIGTERM at once and SIGKILL after 3 s: wait for them to go, then nothing else may run
        await().atMost(WAIT).untilAsserted(() -> assertThat(taggedLeaders()).as("one process per instance, none untracked")
                .isEqualTo(pids));
        assertThat(jpm.taggedProcesses()).as("one tag per instance").hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"after-spawn", "mid-state-write", "mid-revision-write", "mid-apply", "after-spawn:4"})
    void aCrashDuringTheFirstApplyLeavesAReadableStateAndAReapplyConverges(String point) throws Exception {
        Path eco = ecosystem();
        JpmHomeFixture.Result crashed = jpm.jpmWithEnv(Map.of("JPM_CRASHPOINT", point), "apply", eco.toString());
        assertThat(crashed.exit()).as(crashed.err()).isNotZero();
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).contains("crash point " + point.split(":")[0] + " reached");
        stateFilesParse();

        jpm.jpm("apply", eco.toString()).ok();
        convergedExactlyOnce();
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("0 to start, 0 to restart");
        // whatever the crash cut short, the file's revisions read back and the re-apply's is among them
        assertThat(jpm.jpm("history", eco.toString(), "--json").ok().out()).contains("\"number\"");
        stateFilesParse();
    }

    @Test
    void aCrashAfterTheSpawnOfARestartAdoptsTheNewProcessInsteadOfStartingAnother() throws Exception {
        Path eco = ecosystem();
        jpm.jpm("apply", eco.toString()).ok();
        // arm the crash point in a new daemon (update keeps every app), then make it spawn once
        jpm.jpmWithEnv(Map.of("JPM_CRASHPOINT", "after-spawn"), "update").ok();
        Map<String, Object> target = jpm.jlist().stream().filter(i -> i.get("name").equals("app1") && (Long) i.get("instance") == 0)
                .findFirst().orElseThrow();
        long oldPid = (Long) target.get("pid");
        JpmHomeFixture.Result crashed = jpm.jpm("restart", String.valueOf(target.get("id")));
        assertThat(crashed.exit()).as(crashed.out() + crashed.err()).isNotZero();
        stateFilesParse();
        Set<Long> alive = taggedLeaders();
        assertThat(alive).as("the restart's new process runs, unrecorded").hasSize(6).doesNotContain(oldPid);

        List<Map<String, Object>> list = jpm.jlist();
        Set<Long> listed = new HashSet<>();
        list.forEach(i -> listed.add((Long) i.get("pid")));
        assertThat(listed).as("the next daemon adopted the unrecorded process: no second start").isEqualTo(alive);
        convergedExactlyOnce();
    }

    @Test
    void aCrashHalfwayThroughADumpKeepsThePreviousDump() throws Exception {
        Path eco = ecosystem();
        jpm.jpm("apply", eco.toString()).ok();
        jpm.jpm("save").ok();
        Path dump = jpm.home().resolve("dump.json");
        String saved = Files.readString(dump);
        jpm.jpmWithEnv(Map.of("JPM_CRASHPOINT", "mid-dump-write"), "update").ok();
        jpm.jpm("delete", "app2").ok();
        assertThat(jpm.jpm("save").exit()).isNotZero();
        assertThat(Files.readString(dump)).as("the previous dump, untouched").isEqualTo(saved);
        // the apps outlived the crash, and the dump still resurrects all three
        jpm.jpm("delete", "all").ok();
        jpm.jpm("resurrect").ok();
        convergedExactlyOnce();
    }

    @Test
    void aFullDiskWhileWritingStateFailsTheCommandKeepsTheOldFileAndTheDaemonRuns() throws Exception {
        jpm.jpm("start", "--name", "a", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        Path state = jpm.home().resolve("state.json");
        await().atMost(WAIT).until(() -> Files.exists(state) && Files.readString(state).contains("\"a\""));
        String before = Files.readString(state);
        long daemon = jpm.daemonPid();

        // the next write of state.json goes to /dev/full: ENOSPC from the kernel, as on a full disk
        Files.createSymbolicLink(jpm.home().resolve("state.json.tmp"), Path.of("/dev/full"));
        JpmHomeFixture.Result r = jpm.jpm("start", "--name", "b", JpmHomeFixture.fixture("hello.sh").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("could not save it to " + state).contains("No space left on device");
        assertThat(Files.readString(state)).as("the previous state file is intact").isEqualTo(before);
        assertThat(jpm.daemonPid()).isEqualTo(daemon);
        jpm.jpm("ping").ok();

        // the symlink is gone with the failed write; the daemon's retry saves the change
        await().atMost(WAIT).until(() -> Files.readString(state).contains("\"b\""));
        assertThat(Json.parse(Files.readString(state))).isInstanceOf(Map.class);
    }

    @Test
    void aFullDiskWhileWritingADumpFailsSaveAndKeepsThePreviousDump() throws Exception {
        jpm.jpm("start", "--name", "a", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("save").ok();
        Path dump = jpm.home().resolve("dump.json");
        String before = Files.readString(dump);
        jpm.jpm("start", "--name", "b", JpmHomeFixture.fixture("hello.sh").toString()).ok();

        Files.createSymbolicLink(jpm.home().resolve("dump.json.tmp"), Path.of("/dev/full"));
        JpmHomeFixture.Result r = jpm.jpm("save");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write " + dump).contains("No space left on device");
        assertThat(Files.readString(dump)).isEqualTo(before);
        jpm.jpm("ping").ok();
        jpm.jpm("save").ok();
        assertThat(Files.readString(dump)).contains("\"b\"");
    }
}
