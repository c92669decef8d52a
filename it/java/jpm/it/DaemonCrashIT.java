package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A daemon killed with SIGKILL is replaced by one that re-adopts its apps (state.json). */
class DaemonCrashIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(30);

    private Map<String, Long> pids() {
        return jpm.jlist().stream().collect(Collectors.toMap(i -> i.get("name") + "#" + i.get("instance"), i -> (Long) i.get("pid")));
    }

    /** Live processes per JPM_ID tag of this home: each instance's whole tree. */
    private Map<String, Integer> taggedCounts() {
        Map<String, Integer> out = new HashMap<>();
        jpm.taggedProcesses().forEach((id, pids) -> out.put(id, pids.size()));
        return out;
    }

    private void killDaemonHard() throws Exception {
        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        ProcessHandle.of(daemon).ifPresent(h -> h.onExit().join());
    }

    @Test
    void aNewDaemonReadoptsTwentyInstancesWithTheSamePidsAndNoDuplicates() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        StringBuilder y = new StringBuilder("apps:\n");
        for (int a = 0; a < 4; a++) {
            String script = JpmHomeFixture.fixture(a % 2 == 0 ? "tree.sh" : "hello.sh").toString();
            y.append("  - name: app").append(a).append("\n    script: ").append(script).append("\n    instances: 5\n    min_uptime: 100\n");
        }
        Files.writeString(eco, y.toString());
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Long> before = pids();
        assertThat(before).hasSize(20);
        await().atMost(WAIT).until(() -> taggedCounts().values().stream().mapToInt(Integer::intValue).sum() == 30);
        Map<String, Integer> treesBefore = taggedCounts();

        killDaemonHard();
        assertThat(taggedCounts()).as("the apps outlive the daemon").isEqualTo(treesBefore);

        assertThat(pids()).as("same instances, same pids").isEqualTo(before);
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("online");
        assertThat(jpm.jlist()).extracting(i -> i.get("restarts")).containsOnly(0L);
        assertThat(taggedCounts()).as("no duplicates, nothing untracked").isEqualTo(treesBefore);
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("0 to start, 0 to restart");

        // and they are still supervised: stop takes every tree down
        jpm.jpm("stop", "all").ok();
        assertThat(taggedCounts()).isEmpty();
    }

    @Test
    void updateReplacesTheDaemonAndKeepsEveryPid() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: trees\n    script: " + JpmHomeFixture.fixture("tree.sh")
                + "\n    instances: 3\n  - name: plain\n    script: " + JpmHomeFixture.fixture("hello.sh") + "\n    instances: 2\n");
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Long> before = pids();
        await().atMost(WAIT).until(() -> taggedCounts().values().stream().mapToInt(Integer::intValue).sum() == 3 * 2 + 2);
        Map<String, Integer> treesBefore = taggedCounts();
        long oldDaemon = jpm.daemonPid();

        String out = jpm.jpm("update").ok().out();
        assertThat(out).contains("daemon updated: pid " + oldDaemon).contains("5 running instance(s) kept their pids");
        assertThat(jpm.daemonPid()).isNotEqualTo(oldDaemon);
        assertThat(jpm.exited(oldDaemon)).as("the old daemon is gone").isTrue();
        assertThat(pids()).as("same instances, same pids").isEqualTo(before);
        assertThat(jpm.jlist()).extracting(i -> i.get("restarts")).containsOnly(0L);
        assertThat(taggedCounts()).as("no duplicates, nothing untracked").isEqualTo(treesBefore);

        // --json, and the new daemon supervises: a crash of an app is still restarted
        Map<?, ?> j = (Map<?, ?>) Json.parse(jpm.jpm("update", "--json").ok().out().strip());
        assertThat(j.get("instances_kept")).isEqualTo(5L);
        assertThat((List<?>) j.get("instances_changed")).isEmpty();
        long victim = before.get("plain#0");
        new ProcessBuilder("kill", "-KILL", Long.toString(victim)).start().waitFor();
        await().atMost(WAIT).until(() -> jpm.jlist().stream().anyMatch(i -> i.get("name").equals("plain")
                && (Long) i.get("instance") == 0 && "online".equals(i.get("status")) && i.get("pid") != null
                && !i.get("pid").equals(victim)));
        jpm.jpm("stop", "all").ok();
        assertThat(taggedCounts()).isEmpty();
    }

    @Test
    void escapersOfAnAdoptedInstanceAreStillStoppedWithIt() throws Exception {
        jpm.jpm("start", "--name", "esc", "--kill-timeout", "500", JpmHomeFixture.fixture("escaper.sh").toString()).ok();
        // main + trapping bash + its sleep + setsid sleep + escaper bash + its sleep
        await().atMost(WAIT).until(() -> taggedCounts().values().stream().mapToInt(Integer::intValue).sum() == 6);
        killDaemonHard(); // the double-forked escaper was the daemon's (a subreaper's) child: now init's
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("online");
        jpm.jpm("stop", "esc").ok();
        assertThat(taggedCounts()).as("the whole tree, escapers included, is gone").isEmpty();
    }

    /** counter.sh's "line N" lines, in file order (each behind its timestamp). */
    private static List<String> counterLines(Path log) throws Exception {
        return Files.readAllLines(log).stream().map(l -> l.substring(l.indexOf(": ") + 2)).toList();
    }

    private static void signal(long pid, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
    }

    @Test
    void aPipedAppOutlivesADaemonCrashAndAnUpdateWithoutLosingALine() throws Exception {
        jpm.jpm("start", "--name", "num", "--time", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        Path out = jpm.home().resolve("logs/num-0-out.log");
        await().atMost(WAIT).until(() -> Files.exists(out) && counterLines(out).size() == 20);
        long pid = pids().get("num#0");

        killDaemonHard();
        // no daemon: the app writes into its pipe, which its pipe holder keeps open (no SIGPIPE)
        for (int i = 0; i < 5; i++) {
            signal(pid, "USR1");
            Thread.sleep(150);
        }
        assertThat(pids().get("num#0")).as("adopted, not restarted").isEqualTo(pid);
        await().atMost(WAIT).until(() -> counterLines(out).size() == 25);

        jpm.jpm("update").ok();
        for (int i = 0; i < 5; i++) {
            signal(pid, "USR1");
            Thread.sleep(150);
        }
        await().atMost(WAIT).until(() -> counterLines(out).size() == 30);
        assertThat(pids().get("num#0")).as("kept across the update").isEqualTo(pid);
        assertThat(jpm.jlist().getFirst().get("restarts")).isEqualTo(0L);
        List<String> expected = new java.util.ArrayList<>();
        for (int n = 1; n <= 30; n++) expected.add("line " + n);
        assertThat(counterLines(out)).as("every line once, in order").isEqualTo(expected);
    }

    @Test
    void updateWithoutADaemonStartsOne() {
        assertThat(jpm.jpm("update").ok().out()).contains("no daemon was running");
        jpm.jpm("ping").ok();
    }

    @Test
    void anAppThatExitedWhileTheDaemonWasDownIsStartedAgain() throws Exception {
        jpm.jpm("start", "--name", "a", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("start", "--name", "b", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        Map<String, Long> before = pids();
        killDaemonHard();
        new ProcessBuilder("kill", "-KILL", Long.toString(before.get("a#0"))).start().waitFor();

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> after = pids();
            assertThat(after.get("b#0")).isEqualTo(before.get("b#0"));
            assertThat(after.get("a#0")).isNotNull().isNotEqualTo(before.get("a#0"));
        });
        // an adopted instance that exits later is noticed (by polling) and restarted per policy
        long b = before.get("b#0");
        new ProcessBuilder("kill", "-KILL", Long.toString(b)).start().waitFor();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> i = jpm.jlist().stream().filter(x -> x.get("name").equals("b")).findFirst().orElseThrow();
            assertThat(i.get("pid")).isNotNull().isNotEqualTo(b);
            assertThat(i.get("restarts")).isEqualTo(1L);
        });
    }

    @Test
    void cronSchedulesSurviveADaemonRestart() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: c\n    script: " + JpmHomeFixture.fixture("hello.sh")
                + "\n    cron_restart: \"*/2 * * * * *\"\n    min_uptime: 100\n");
        jpm.jpm("apply", eco.toString()).ok();
        killDaemonHard();
        long restarts = (Long) jpm.jlist().getFirst().get("restarts");
        await().atMost(WAIT).untilAsserted(() -> assertThat((Long) jpm.jlist().getFirst().get("restarts")).isGreaterThan(restarts + 1));
    }

    @Test
    void aCorruptStateFileIsSetAsideAndTheBackupUsed() throws Exception {
        jpm.jpm("start", "--name", "keep", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("start", "--name", "other", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        killDaemonHard();
        Files.writeString(jpm.home().resolve("state.json"), "{\"version\":1,\"apps\":[{\"spec\":");
        List<Map<String, Object>> list = jpm.jlist();
        assertThat(jpm.home().resolve("state.json.corrupt")).exists();
        // the backup is the state before the last write: at least the first app is there
        assertThat(list).extracting(i -> i.get("name")).contains("keep");
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).contains("is damaged");
    }

    @Test
    void aCorruptDumpIsSetAsideAndResurrectUsesTheBackup() throws Exception {
        jpm.jpm("start", "--name", "first", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("save").ok();
        jpm.jpm("start", "--name", "second", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("save").ok(); // the first dump is now dump.json.bak
        Files.writeString(jpm.home().resolve("dump.json"), "{\"version\":1,\"apps\":[{\"sp"); // torn
        jpm.jpm("delete", "all").ok();
        String out = jpm.jpm("resurrect").ok().out();
        assertThat(out).contains("resurrected 1 app(s)");
        assertThat(jpm.jlist()).extracting(i -> i.get("name")).containsExactly("first");
        assertThat(jpm.home().resolve("dump.json.corrupt")).exists();
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).contains("dump.json is damaged");
        jpm.jpm("ping").ok();
    }

    @Test
    void saveThenResurrectRestoresTheAppsAndAnEmptyDumpIsValid() throws Exception {
        jpm.jpm("start", "--name", "a", "-i", "2", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("start", "--name", "b", "--namespace", "ns", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        assertThat(jpm.jpm("save").ok().out()).contains("saved 2 app(s)");
        jpm.jpm("kill").ok();
        assertThat(jpm.jlist()).isEmpty();
        assertThat(jpm.jpm("resurrect").ok().out()).contains("resurrected 2 app(s)");
        assertThat(jpm.jlist()).extracting(i -> i.get("namespace") + "/" + i.get("name") + ":" + i.get("status"))
                .containsExactlyInAnyOrder("default/a:online", "default/a:online", "ns/b:online");
        assertThat(jpm.jpm("resurrect").ok().out()).as("no duplicates").contains("resurrected 0 app(s)").contains("2 already running");

        jpm.jpm("delete", "all").ok();
        assertThat(jpm.jpm("save").ok().out()).contains("saved 0 app(s)");
        assertThat(jpm.jpm("resurrect").ok().out()).as("an empty dump is valid").contains("resurrected 0 app(s)");
        // a damaged dump is set aside and the previous one (the two apps) is used
        Files.writeString(jpm.home().resolve("dump.json"), "garbage");
        assertThat(jpm.jpm("resurrect").ok().out()).contains("resurrected 2 app(s)");
        assertThat(jpm.home().resolve("dump.json.corrupt")).exists();
    }

    @Test
    void killForgetsTheStateSoTheNextDaemonStartsEmpty() {
        jpm.jpm("start", "--name", "k", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("kill").ok();
        assertThat(jpm.jlist()).isEmpty();
    }
}
