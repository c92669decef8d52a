package jpm.it;

import static jpm.it.JpmHomeFixture.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health probes end to end (docs/health.md): a real daemon probes real children over HTTP, TCP
 * and exec; an unhealthy app is restarted with the health cause, or only reported; start_period
 * holds failures back; an app that never becomes healthy ends errored; the health events; and a
 * rolling reload that waits for each replacement to be healthy fails no request under load.
 */
class HealthIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String APP = JpmHomeFixture.fixture("health-app.py").toString();

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("eco.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** One app of health-app.py with {@code env} (PORT at least), a probe, and more keys (each line indented by 4). */
    private static String app(String name, String env, String health, String extra) {
        return "  - name: " + name + "\n    script: " + APP + "\n    env: " + env + "\n    min_uptime: 100\n"
                + "    health:\n" + health.indent(6) + extra;
    }

    private static String app(String name, int port, String health, String extra) {
        return app(name, "{PORT: " + port + "}", health, extra);
    }

    private Map<String, Object> instance(String name) {
        return jpm.jlist().stream().filter(i -> name.equals(i.get("name"))).findFirst().orElseThrow();
    }

    private Map<String, Object> awaitHealth(String name, String health) {
        await().atMost(WAIT).until(() -> health.equals(instance(name).get("health")));
        return instance(name);
    }

    @Test
    void anHttpAppWhoseHealthEndpointFailsIsRestartedWithTheHealthCause() throws Exception {
        int port = freePort();
        Path fail = dir.resolve("fail");
        // start_period: the failures before python listens do not count; once it passed, they do
        String health = "http: http://127.0.0.1:${PORT}/health\ninterval: 300\ntimeout: 1000\nretries: 2\nstart_period: 10s\n";
        jpm.jpm("apply", write("apps:\n" + app("web", "{PORT: " + port + ", FAIL_FILE: " + fail + "}", health, ""))
                .toString()).ok();
        Map<String, Object> healthy = awaitHealth("web", "healthy");
        assertThat(healthy.get("restarts")).isEqualTo(0L);
        assertThat(jpm.jpm("ls").ok().out()).contains("health").contains("healthy");

        Files.writeString(fail, "");
        long failedAt = System.nanoTime();
        // 2 failures 300 ms apart, a stop and a spawn: well within 5 s
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> (Long) instance("web").get("restarts") >= 1);
        long tookMs = (System.nanoTime() - failedAt) / 1_000_000;
        Files.delete(fail);
        assertThat(tookMs).as("restarted within interval x retries + slack").isLessThan(5000);
        Map<String, Object> after = awaitHealth("web", "healthy");
        assertThat(after.get("pid")).isNotEqualTo(healthy.get("pid"));
        assertThat(after.get("restarts")).isEqualTo(1L);
        assertThat(after.get("unstable_restarts")).as("it had been healthy: a stable restart").isEqualTo(0L);
        String describe = jpm.jpm("describe", "web").ok().out();
        assertThat(describe).contains("health: GET http://127.0.0.1:" + port + "/health: HTTP 500")
                .contains("http http://127.0.0.1:${PORT}/health, every 300 ms, timeout 1000 ms, retries 2")
                .containsPattern("probe \\S+\\s+passed in \\d+ ms: HTTP 200");
    }

    @Test
    void anHttpProbeKeepsOneConnectionWhileTheServerKeepsItAndClosesItWhenTheProbingEnds() throws Exception {
        try (CountingHttpServer keeps = new CountingHttpServer(true); CountingHttpServer closes = new CountingHttpServer(false)) {
            String probe = "http: http://127.0.0.1:%d/health\ninterval: 200\n";
            jpm.jpm("apply", write("apps:\n" + app("kept", freePort(), probe.formatted(keeps.port()), "")
                    + app("closed", freePort(), probe.formatted(closes.port()), "")).toString()).ok();
            await().atMost(WAIT).until(() -> keeps.requests.get() >= 6 && closes.requests.get() >= 6);
            assertThat(keeps.accepted.get()).as("connections for %d probes", keeps.requests.get()).isEqualTo(1);
            // the same count against a server that closes each time: one connection per probe (the test can fail)
            assertThat(closes.accepted.get()).as("connections for %d probes", closes.requests.get())
                    .isGreaterThanOrEqualTo(closes.requests.get());
            assertThat(instance("kept").get("health")).isEqualTo("healthy");
            // a stop ends the probing: the kept connection is closed
            jpm.jpm("stop", "kept").ok();
            await().atMost(WAIT).until(() -> keeps.closedByClient.get() == 1);
        }
    }

    @Test
    void anExecProbeWithOnUnhealthyNoneOnlyReports() throws Exception {
        Path up = dir.resolve("up");
        String health = "exec: [test, -f, " + up + "]\ninterval: 200\nretries: 2\non_unhealthy: none\n";
        // apply waits for healthy, which this app is not: it gives up after its timeout
        jpm.jpm("apply", "--timeout", "1s", write("apps:\n" + app("job", freePort(), health, "")).toString());
        Map<String, Object> sick = awaitHealth("job", "unhealthy");
        Thread.sleep(1000); // five more failed probes: still no restart
        assertThat(instance("job")).containsEntry("status", "online").containsEntry("restarts", 0L).containsEntry("pid", sick.get("pid"))
                .containsEntry("health", "unhealthy");
        Files.writeString(up, "");
        assertThat(awaitHealth("job", "healthy")).containsEntry("pid", sick.get("pid")).containsEntry("restarts", 0L);
        assertThat(Json.parse(jpm.jpm("metrics").ok().out().lines().filter(l -> l.startsWith("jpm_instance_health{health=\"healthy\""))
                .findFirst().orElseThrow().replaceAll(".* ", ""))).isEqualTo(1.0);
    }

    @Test
    void aTcpProbeIsHealthyWhileTheAppListensAndUnhealthyWhenNothingDoes() throws Exception {
        int port = freePort();
        int closed = freePort();
        jpm.jpm("apply", "--timeout", "1s", write("apps:\n"
                + app("db", port, "tcp: 127.0.0.1:${PORT}\ninterval: 200\nstart_period: 10s\n", "")
                + app("nothing", freePort(), "tcp: 127.0.0.1:" + closed + "\ninterval: 200\nretries: 1\non_unhealthy: none\n", ""))
                .toString());
        awaitHealth("db", "healthy");
        awaitHealth("nothing", "unhealthy");
        assertThat(jpm.jpm("describe", "nothing").ok().out()).contains("failed in").contains("connection refused");
    }

    @Test
    void failuresDuringStartPeriodDoNotCount() throws Exception {
        // the app listens after 2.5 s; probes every 200 ms with retries 1 would restart it at once
        String slow = "{PORT: %d, LISTEN_DELAY_MS: 2500}";
        int patientPort = freePort();
        int hastyPort = freePort();
        jpm.jpm("apply", "--timeout", "1s", write("apps:\n"
                + app("patient", slow.formatted(patientPort), "http: http://127.0.0.1:${PORT}/health\ninterval: 200\nretries: 1\n"
                        + "start_period: 6s\n", "")
                + app("hasty", slow.formatted(hastyPort), "http: http://127.0.0.1:${PORT}/health\ninterval: 200\nretries: 1\n", ""))
                .toString());
        assertThat(awaitHealth("patient", "healthy")).containsEntry("restarts", 0L);
        // the same app without a start period: its first failures count (the test can fail)
        await().atMost(WAIT).until(() -> (Long) instance("hasty").get("restarts") >= 1);
    }

    @Test
    void anAppThatIsNeverHealthyEndsErrored() throws Exception {
        Path fail = dir.resolve("fail");
        Files.writeString(fail, "");
        int port = freePort();
        jpm.jpm("apply", "--timeout", "60s", write("apps:\n" + app("sick", "{PORT: " + port + ", FAIL_FILE: " + fail + "}",
                "http: http://127.0.0.1:${PORT}/health\ninterval: 200\nretries: 1\n", "    max_restarts: 2\n    restart_delay: 100\n")).toString());
        await().atMost(WAIT).until(() -> "errored".equals(instance("sick").get("status")));
        Map<String, Object> sick = instance("sick");
        // HTTP 500, or connection refused when a probe came before python listened
        assertThat((String) sick.get("status_reason")).startsWith("never healthy: GET http://127.0.0.1:" + port + "/health: ")
                .endsWith("; gave up after 2 restarts");
        assertThat(sick.get("restarts")).isEqualTo(2L);
        assertThat(sick.get("health")).isNull();
    }

    @Test
    void applyWaitsForHealthyAndTheEventsSayEachChange() throws Exception {
        int port = freePort();
        try (Events events = new Events("--json", "--type", "health")) {
            Thread.sleep(300); // subscribed
            String slow = "{PORT: " + port + ", LISTEN_DELAY_MS: 1500}";
            JpmHomeFixture.Result applied = jpm.jpm("apply", write("apps:\n"
                    + app("api", slow, "http: http://127.0.0.1:${PORT}/health\ninterval: 200\nstart_period: 5s\n", "")).toString()).ok();
            // apply returned once the instance was healthy, not merely online
            assertThat(instance("api").get("health")).as("apply said: %s", applied.out()).isEqualTo("healthy");
            await().atMost(WAIT).until(() -> events.lines().size() >= 1);
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) Json.parse(events.lines().getFirst());
            assertThat(e).containsEntry("type", "health").containsEntry("from", "starting").containsEntry("to", "healthy")
                    .containsEntry("cause", "GET http://127.0.0.1:" + port + "/health: HTTP 200");
        }
    }

    @Test
    void aChangedProbeTakesEffectWithoutARestartAndANewDaemonProbesTheInstancesItAdopts() throws Exception {
        int port = freePort();
        Path eco = write("apps:\n" + app("api", port, "http: http://127.0.0.1:${PORT}/health\ninterval: 200\nstart_period: 10s\n", ""));
        jpm.jpm("apply", eco.toString()).ok();
        Object pid = awaitHealth("api", "healthy").get("pid");

        // a live update: the probe now asks a port nothing listens on, and only reports
        int closed = freePort();
        Files.writeString(eco, "apps:\n" + app("api", port, "tcp: 127.0.0.1:" + closed + "\ninterval: 200\nretries: 2\non_unhealthy: none\n", ""));
        jpm.jpm("apply", "--timeout", "1s", eco.toString());
        assertThat(awaitHealth("api", "unhealthy")).containsEntry("pid", pid).containsEntry("restarts", 0L);
        assertThat(jpm.jpm("describe", "api").ok().out()).contains("tcp 127.0.0.1:" + closed + ", every 200 ms")
                .containsPattern("failed in \\d+ ms: connection refused");

        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        ProcessHandle.of(daemon).ifPresent(h -> h.onExit().join());
        // the new daemon saved no health: what jlist says now comes from its own probes of the adopted process
        assertThat(awaitHealth("api", "unhealthy")).containsEntry("pid", pid).containsEntry("restarts", 0L);
        assertThat(jpm.daemonPid()).isNotEqualTo(daemon);
    }

    /**
     * A rolling reload of a cluster app with a probe, under load: each replacement is healthy
     * (its exec probe finds the file the app writes a second after it serves) before its old
     * instance drains, and no request fails.
     */
    @Test
    void aRollingReloadWaitsForEachReplacementToBeHealthyAndFailsNoRequest() throws Exception {
        int port = freePort();
        Path ready = Files.createDirectories(dir.resolve("ready"));
        String eco = "apps:\n  - name: web\n    script: " + JpmHomeFixture.fixture("cluster/http-app.py") + "\n    exec_mode: cluster\n"
                + "    instances: 2\n    port: " + port + "\n    env: {READY_DIR: " + ready + ", READY_DELAY_MS: 1000}\n"
                + "    health:\n      exec: [test, -f, \"${READY_DIR}/${JPM_ID}\"]\n      interval: 200\n      start_period: 10s\n";
        jpm.jpm("apply", write(eco).toString()).ok();
        assertThat(jpm.jlist()).allSatisfy(i -> assertThat(i.get("health")).isEqualTo("healthy"));
        LoadClient.Stats stats;
        try (EventSubscriber events = new EventSubscriber(JpmHome.resolve(jpm.home().toString(), Map.of()).socket(), "web", "health", "reload_step");
             LoadClient load = new LoadClient(port, 8, true, 100)) {
            Thread.sleep(500);
            jpm.jpm("reload", "web").ok();
            Thread.sleep(500);
            stats = load.stop();
            List<Map<String, Object>> seen = events.events();
            for (Map<String, Object> replaced : seen.stream().filter(e -> "replaced".equals(e.get("phase"))).toList()) {
                Object fresh = replaced.get("new_id");
                int at = seen.indexOf(replaced);
                assertThat(seen.subList(0, at)).as("id %s was healthy before its old instance drained: %s", fresh, seen)
                        .anySatisfy(e -> {
                            assertThat(e.get("type")).isEqualTo("health");
                            assertThat(EventSubscriber.subject(e).get("id")).isEqualTo(fresh);
                            assertThat(e.get("to")).isEqualTo("healthy");
                        });
            }
            assertThat(seen.stream().filter(e -> "replaced".equals(e.get("phase")))).as("%s", seen).hasSize(2);
        }
        assertThat(stats.failed()).as("failed requests over a reload: %s", stats).isZero();
        assertThat(stats.ok()).as("%s", stats).isGreaterThan(100);
    }

    /** `jpm events ARGS` as a user runs it, its lines collected as they come. */
    final class Events implements AutoCloseable {
        final Process process;
        final List<String> out = Collections.synchronizedList(new ArrayList<>());

        Events(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(JpmHomeFixture.BIN.toString(), "events"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JPM_HOME", jpm.home().toString());
            process = pb.start();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) out.add(l);
                } catch (IOException e) {
                    // ended
                }
            });
        }

        List<String> lines() {
            synchronized (out) {
                return List.copyOf(out);
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
