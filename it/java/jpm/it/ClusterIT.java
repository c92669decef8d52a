package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jpm.json.Json;
import jpm.os.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cluster mode end to end: jpm-held SO_REUSEPORT sockets on fd 3, the Node adapter,
 * readiness (Node IPC and sd_notify), and rolling {@code jpm reload} under load with 0 failed
 * requests. The load is bounded (a rate per worker) and on 127.0.0.1 only.
 */
class ClusterIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(20);
    static final String NODE_APP = JpmHomeFixture.fixture("cluster/http-app.js").toString();
    static final String PY_APP = JpmHomeFixture.fixture("cluster/http-app.py").toString();
    private static final int WORKERS = 16;
    /** Per worker: 16 x 150 = 2400 requests/s at most, enough to keep every instance busy during a reload. */
    private static final int RATE = 150;

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("eco.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static String clusterApp(String name, String script, int instances, int port, String extra) {
        return "  - name: " + name + "\n    script: " + script + "\n    exec_mode: cluster\n    instances: " + instances
                + "\n    port: " + port + "\n" + extra;
    }

    private List<Map<String, Object>> instancesOf(String name) {
        return jpm.jlist().stream().filter(i -> name.equals(i.get("name"))).toList();
    }

    /** instance number -> pid, once all {@code n} instances of the app are online. */
    private Map<Long, Long> awaitOnline(String name, int n) {
        await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> l = instancesOf(name);
            return l.size() == n && l.stream().allMatch(i -> "online".equals(i.get("status")) && i.get("pid") instanceof Long);
        });
        return pids(name);
    }

    private Map<Long, Long> pids(String name) {
        return instancesOf(name).stream().collect(Collectors.toMap(i -> (Long) i.get("instance"), i -> (Long) i.get("pid"),
                (a, b) -> a, TreeMap::new));
    }

    /** Distinct bodies (pids) of answers on fresh connections, until {@code want} are seen or 20 s pass. */
    private static Set<Long> answeringPids(int port, int want) throws InterruptedException {
        try (LoadClient load = new LoadClient(port, 4, false, 200)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && load.stats().bodies().size() < want) Thread.sleep(50);
            Thread.sleep(200); // a little more, so that an unexpected extra pid shows too
            return load.stop().bodies().keySet().stream().map(Long::parseLong).collect(Collectors.toSet());
        }
    }

    @Test
    void fourNodeInstancesShareOnePortAndAnswerFromFourPids() throws Exception {
        assumeTrue(nodeAvailable(), "node is not on PATH");
        int port = JpmHomeFixture.freePort();
        jpm.jpm("apply", write("apps:\n" + clusterApp("web", NODE_APP, 4, port, "")).toString()).ok();
        Map<Long, Long> pids = awaitOnline("web", 4);
        assertThat(pids.values()).doesNotHaveDuplicates().allMatch(ProcFs::alive);

        assertThat(answeringPids(port, 4)).containsExactlyInAnyOrderElementsOf(pids.values());
    }

    /**
     * PM2's implied cluster mode: a Node app with several instances and no exec_mode shares the
     * port it listens on, whether the file names it (env PORT: the slot socket on fd 3) or not
     * (APP_PORT, which only the app reads: the adapter asks the daemon at listen()). The script
     * is Express's bin/www shape: no extension, no #! line, no executable bit. A reload under
     * load fails no request.
     */
    @ParameterizedTest(name = "the app listens on env {0}")
    @ValueSource(strings = {"APP_PORT", "PORT"})
    void aNodeAppWithInstancesAndNoExecModeSharesThePortItListensOnAsInPm2(String variable) throws Exception {
        assumeTrue(nodeAvailable(), "node is not on PATH");
        int port = JpmHomeFixture.freePort();
        Path www = Files.createDirectories(dir.resolve("bin")).resolve("www");
        Files.copy(JpmHomeFixture.fixture("cluster/www"), www);
        Path eco = write("apps:\n  - name: web\n    script: ./bin/www\n    instances: 2\n    env:\n      " + variable + ": " + port + "\n");
        JpmHomeFixture.Result applied = jpm.jpm("apply", eco.toString()).ok();
        assertThat(applied.err()).contains("cluster mode, as PM2 runs a Node app with several instances and no exec_mode");
        Map<Long, Long> pids = awaitOnline("web", 2);
        assertThat(pids.values()).doesNotHaveDuplicates();
        assertThat(answeringPids(port, 2)).containsExactlyInAnyOrderElementsOf(pids.values());

        LoadClient.Stats stats;
        try (LoadClient load = new LoadClient(port, 4, false, 100)) {
            Thread.sleep(300);
            jpm.jpm("reload", "web").ok();
            Map<Long, Long> after = awaitOnline("web", 2);
            assertThat(after.values()).doesNotContainAnyElementsOf(pids.values());
            Thread.sleep(300);
            stats = load.stop();
            assertThat(answeringPids(port, 2)).containsExactlyInAnyOrderElementsOf(after.values());
        }
        assertThat(stats.failed()).as("failed requests over a reload: %s", stats).isZero();
        assertThat(stats.ok()).as("%s", stats).isPositive();

        jpm.jpm("delete", "web").ok();
        await().atMost(WAIT).untilAsserted(() -> assertThat(listeningOn(port)).as("the daemon let the port go").isZero());
    }

    /** Listening TCP sockets on a port, IPv4 and IPv6 (/proc/net/tcp*, state 0A). */
    private static long listeningOn(int port) throws IOException {
        String local = String.format(":%04X ", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            n += Files.readAllLines(Path.of(table)).stream().filter(l -> l.contains(local) && l.trim().split("\\s+")[3].equals("0A")).count();
        }
        return n;
    }

    @ParameterizedTest(name = "keep-alive {0}")
    @ValueSource(booleans = {true, false})
    void rollingReloadUnderLoadFailsNoRequest(boolean keepAlive) throws Exception {
        assumeTrue(nodeAvailable(), "node is not on PATH");
        int port = JpmHomeFixture.freePort();
        jpm.jpm("apply", write("apps:\n" + clusterApp("web", NODE_APP, 4, port, "")).toString()).ok();
        Map<Long, Long> first = awaitOnline("web", 4);
        Set<Long> seen = new HashSet<>(first.values());

        LoadClient.Stats stats;
        try (LoadClient load = new LoadClient(port, WORKERS, keepAlive, RATE)) {
            Thread.sleep(500);
            Map<Long, Long> before = first;
            for (int r = 1; r <= 5; r++) {
                JpmHomeFixture.Result res = jpm.jpm("reload", "web").ok();
                assertThat(res.out()).as("reload %d prints what it did", r).contains("web");
                Map<Long, Long> after = awaitOnline("web", 4);
                for (long i = 0; i < 4; i++) {
                    assertThat(after.get(i)).as("reload %d: instance %d has a new pid", r, i).isNotEqualTo(before.get(i));
                    assertThat(ProcFs.alive(before.get(i)) && !jpm.exited(before.get(i)))
                            .as("reload %d: old pid %d is gone once reload returns", r, before.get(i)).isFalse();
                }
                seen.addAll(after.values());
                before = after;
                Thread.sleep(300);
            }
            Thread.sleep(500);
            stats = load.stop();
            // only the app's own processes answered; with keep-alive the workers may all stay on
            // connections to other slots, so the last generation is asked on new connections
            Set<Long> answered = stats.bodies().keySet().stream().map(Long::parseLong).collect(Collectors.toSet());
            assertThat(answered).as("pids that answered; %s", stats).isSubsetOf(seen).hasSizeGreaterThan(4);
            assertThat(answeringPids(port, 4)).containsExactlyInAnyOrderElementsOf(before.values());
        }
        assertThat(stats.failed()).as("failed requests over 5 reloads: %s", stats).isZero();
        assertThat(stats.ok()).as("%s", stats).isGreaterThan(1000);
    }

    @Test
    void pythonAppTakesTheSocketOnFd3() throws Exception {
        int port = JpmHomeFixture.freePort();
        jpm.jpm("apply", write("apps:\n" + clusterApp("py", PY_APP, 2, port, "    listen_address: 127.0.0.1\n")).toString()).ok();
        Map<Long, Long> pids = awaitOnline("py", 2);
        assertThat(answeringPids(port, 2)).containsExactlyInAnyOrderElementsOf(pids.values());
        // listen_address: two listening sockets (one per slot) on 127.0.0.1 only (/proc/net/tcp: 0100007F, state 0A)
        String local = String.format(":%04X ", port);
        List<String> listening = Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                .filter(l -> l.contains(local) && l.trim().split("\\s+")[3].equals("0A")).toList();
        assertThat(listening).hasSize(2).allMatch(l -> l.trim().split("\\s+")[1].equals("0100007F" + local.trim()));
        // the socket is jpm's, handed over as fd 3 (the app binds PORT itself only without LISTEN_FDS)
        for (long pid : pids.values()) {
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/3")).toString()).startsWith("socket:");
            assertThat(ProcFs.environ(pid)).containsEntry("LISTEN_FDS", "1").containsEntry("PORT", Integer.toString(port))
                    .containsEntry("JPM_CLUSTER_PORT", Integer.toString(port));
        }
    }

    @Test
    void aNewDaemonAdoptsClusterInstancesAndBindsTheSlotsAgainForReplacements() throws Exception {
        int port = JpmHomeFixture.freePort();
        Path eco = write("apps:\n" + clusterApp("py", PY_APP, 2, port, ""));
        jpm.jpm("apply", eco.toString()).ok();
        Map<Long, Long> adopted = awaitOnline("py", 2);
        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        ProcessHandle.of(daemon).ifPresent(h -> h.onExit().join());

        // the apps keep serving on their own copies of the sockets while no daemon runs
        assertThat(answeringPids(port, 2)).containsExactlyInAnyOrderElementsOf(adopted.values());
        assertThat(pids("py")).as("the next command's daemon adopts them").isEqualTo(adopted);

        // a reload binds new slot sockets on the same port (the same reuseport group) for the replacements
        // the target given as the ecosystem file (its apps), with --json: the new instances
        String json = jpm.jpm("reload", "--json", eco.toString()).ok().out();
        assertThat(Json.parse(json)).asList().hasSize(2);
        Map<Long, Long> fresh = awaitOnline("py", 2);
        assertThat(fresh.values()).doesNotContainAnyElementsOf(adopted.values());
        assertThat(answeringPids(port, 2)).containsExactlyInAnyOrderElementsOf(fresh.values());
    }

    @Test
    void aReplacementThatNeverGetsReadyAbortsTheReloadAndTheOldInstancesKeepServing() throws Exception {
        assumeTrue(nodeAvailable(), "node is not on PATH");
        int port = JpmHomeFixture.freePort();
        Path flag = dir.resolve("never-ready");
        String ready = "    wait_ready: true\n    listen_timeout: 2000\n    env:\n      SEND_READY: \"1\"\n      NEVER_READY_FLAG: \""
                + flag + "\"\n";
        Path eco = write("apps:\n" + clusterApp("web", NODE_APP, 2, port, ready));
        jpm.jpm("apply", eco.toString()).ok();
        Map<Long, Long> old = awaitOnline("web", 2);

        // the same app, except that its new processes never send 'ready' (they do listen)
        Files.writeString(flag, "");
        try (LoadClient load = new LoadClient(port, 4, true, 100)) {
            long t0 = System.nanoTime();
            JpmHomeFixture.Result r = jpm.jpm("reload", "web");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String said = r.out() + r.err();
            assertThat(r.exit()).as("reload of a never-ready replacement; said %s", said).isNotZero();
            assertThat(said).contains("web").containsAnyOf("ready", "listen_timeout", "timed out", "timeout");
            assertThat(ms).as("reload waited for listen_timeout").isGreaterThanOrEqualTo(2000);

            // the old instances are untouched, still online, and they alone answer
            assertThat(pids("web")).isEqualTo(old);
            assertThat(instancesOf("web")).extracting(i -> i.get("status")).containsOnly("online");
            Thread.sleep(500);
            LoadClient.Stats s = load.stop();
            assertThat(s.failed()).as("%s", s).isZero();
            assertThat(s.bodies().keySet().stream().map(Long::parseLong).collect(Collectors.toSet())).as("%s", s)
                    .isSubsetOf(old.values());
        }
        assertThat(answeringPids(port, 2)).containsExactlyInAnyOrderElementsOf(old.values());
        // and no replacement is left behind on the socket
        for (List<Long> procs : jpm.taggedProcesses().values()) assertThat(old.values()).containsAll(procs);

        // apply of a changed definition takes the same rolling path: it fails, and nothing is half-applied
        Files.delete(flag);
        Files.writeString(eco, "apps:\n" + clusterApp("web", NODE_APP, 2, port, ready + "      WAIT_READY_NEVER: \"1\"\n"));
        JpmHomeFixture.Result applied = jpm.jpm("apply", eco.toString());
        assertThat(applied.exit()).as("apply; said %s", applied.out() + applied.err()).isNotZero();
        assertThat(applied.err()).contains("web").contains("not ready within listen_timeout").contains("previous definition");
        assertThat(pids("web")).isEqualTo(old);
        assertThat(jpm.jpm("diff", eco.toString()).exit()).as("the change is still to be made").isEqualTo(1);
    }

    @Test
    void sdNotifyReadyGatesANonNodeApp() throws Exception {
        int port = JpmHomeFixture.freePort();
        int port2 = JpmHomeFixture.freePort();
        // READY=1 only 1.5 s after serving: online must wait for it
        Path eco = write("apps:\n" + clusterApp("notified", PY_APP, 1, port,
                "    wait_ready: true\n    listen_timeout: 8000\n    env:\n      SD_NOTIFY: \"1\"\n      READY_DELAY_MS: \"1500\"\n"));
        long t0 = System.nanoTime();
        jpm.jpm("apply", eco.toString());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> instancesOf("notified").stream()
                .anyMatch(i -> "online".equals(i.get("status"))));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until online").isGreaterThanOrEqualTo(1500);
        long pid = (Long) instancesOf("notified").getFirst().get("pid");
        assertThat(ProcFs.environ(pid)).containsKey("NOTIFY_SOCKET");

        // the same app never saying READY=1: never online, and not left "launching" forever
        Path eco2 = dir.resolve("silent.yaml");
        Files.writeString(eco2, "apps:\n" + clusterApp("silent", PY_APP, 1, port2, "    wait_ready: true\n    listen_timeout: 2000\n"));
        jpm.jpm("apply", eco2.toString()); // may exit non-zero: its app did not get ready
        List<String> statuses = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            instancesOf("silent").forEach(i -> statuses.add(String.valueOf(i.get("status"))));
            Thread.sleep(200);
        }
        assertThat(statuses).isNotEmpty().doesNotContain("online");
        assertThat(instancesOf("notified")).extracting(i -> i.get("status")).containsOnly("online");
    }

    @ParameterizedTest(name = "keep-alive {0}")
    @ValueSource(booleans = {true, false})
    void sigkillOfOneInstanceFailsAtMostTheRequestsInFlightOnIt(boolean keepAlive) throws Exception {
        assumeTrue(nodeAvailable(), "node is not on PATH");
        int port = JpmHomeFixture.freePort();
        jpm.jpm("apply", write("apps:\n" + clusterApp("web", NODE_APP, 4, port, "")).toString()).ok();
        Map<Long, Long> before = awaitOnline("web", 4);
        long victim = before.get(1L);

        LoadClient.Stats stats;
        try (LoadClient load = new LoadClient(port, WORKERS, keepAlive, RATE)) {
            Thread.sleep(500);
            new ProcessBuilder("kill", "-KILL", Long.toString(victim)).start().waitFor();
            await().atMost(WAIT).until(() -> {
                Map<Long, Long> now = pids("web");
                return now.size() == 4 && now.get(1L) != null && now.get(1L) != victim
                        && instancesOf("web").stream().allMatch(i -> "online".equals(i.get("status")));
            });
            long replacement = pids("web").get(1L);
            // the restarted instance takes connections again on its slot's socket (new connections: with
            // keep-alive the load's workers may all stay on the connections they have)
            assertThat(answeringPids(port, 4)).contains(replacement);
            Thread.sleep(500);
            stats = load.stop();
        }
        // connections queued on the dead instance's slot wait for the restart instead of failing:
        // only the requests it was answering when killed may fail, at most one per worker
        assertThat(stats.failed()).as("%s", stats).isLessThanOrEqualTo(WORKERS);
        Map<Long, Long> after = pids("web");
        for (long i : List.of(0L, 2L, 3L)) assertThat(after.get(i)).isEqualTo(before.get(i));
    }
}
