package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `jpm metrics` and the daemon's metrics listener with a real daemon and real children: the text
 * passes `promtool check metrics`, the listener binds loopback and refuses requests without its
 * token, and a real Prometheus server scrapes it and answers queries on what jpm exposes.
 */
class MetricsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    /** Generous: a slow, shared 2-core machine runs Prometheus, a JVM daemon and the build at once. */
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Map<String, String> LISTEN = Map.of("JPM_METRICS", "127.0.0.1:0");

    private JpmHomeFixture.Result jpmListening(String... args) {
        return jpm.jpmWithEnv(LISTEN, args);
    }

    @Test
    void theTextPassesPromtoolAndCountsCpuTimeOfChildrenThatExited() throws Exception {
        jpm.jpm("start", JpmHomeFixture.fixture("hello.sh").toString(), "--name", "web", "-i", "2").ok();
        jpm.jpm("start", JpmHomeFixture.fixture("exit3.sh").toString(), "--name", "crash", "--max-restarts", "1").ok();
        jpm.jpm("start", JpmHomeFixture.fixture("burn-children.sh").toString(), "--name", "burn").ok();
        await().atMost(WAIT).until(() -> jpm.jlist().stream().anyMatch(i -> "crash".equals(i.get("name")) && "errored".equals(i.get("status"))));
        Path burnLog = Path.of((String) jpm.jlist().stream().filter(i -> "burn".equals(i.get("name"))).findFirst().orElseThrow().get("out_log"));
        await().atMost(WAIT).until(() -> Files.exists(burnLog) && Files.readString(burnLog).contains("burned"));
        // the burner's CPU went to child shells that exited, each waited for by the script: their time
        // still counts, once a scan after them has run (ls and jlist scan when the last is 2 s old)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> (Long) jpm.jlist().stream()
                .filter(i -> "burn".equals(i.get("name"))).findFirst().orElseThrow().get("cpu_time_ms") >= 400);

        String text = jpm.jpm("metrics").ok().out();
        promtool("check", "metrics").apply(text); // exits 0: no parse error, no lint problem
        assertThat(text).contains("jpm_instance_up{id=\"0\",index=\"0\",name=\"web\",namespace=\"default\"} 1.0",
                "jpm_instance_up{id=\"1\",index=\"1\",name=\"web\",namespace=\"default\"} 1.0",
                "jpm_instance_status{id=\"2\",index=\"0\",name=\"crash\",namespace=\"default\",status=\"errored\"} 1.0",
                "jpm_instance_last_exit_code{id=\"2\",index=\"0\",name=\"crash\",namespace=\"default\"} 3.0",
                "jpm_daemon_apps 3.0", "jpm_daemon_instances 4.0");
        // the same figure in seconds, and a counter: never less than jlist showed before
        double cpu = value(text, "jpm_instance_cpu_seconds_total{id=\"3\",index=\"0\",name=\"burn\",namespace=\"default\"}");
        assertThat(cpu).isGreaterThanOrEqualTo(0.4);
        Map<String, Object> burn = jpm.jlist().stream().filter(i -> "burn".equals(i.get("name"))).findFirst().orElseThrow();
        assertThat((Long) burn.get("cpu_time_ms")).isGreaterThanOrEqualTo(Math.round(cpu * 1000));

        String open = jpm.jpm("metrics", "--openmetrics").ok().out();
        assertThat(open).contains("# UNIT jpm_instance_cpu_seconds seconds").endsWith("# EOF\n");
        // a daemon without a listener says how to get one
        JpmHomeFixture.Result none = jpm.jpm("metrics", "--endpoint");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("has no metrics listener", "--metrics 127.0.0.1:9615");
    }

    @Test
    void theListenerBindsLoopbackAndRefusesRequestsWithoutItsToken() throws Exception {
        jpmListening("start", JpmHomeFixture.fixture("hello.sh").toString(), "--name", "web").ok();
        URI url = endpoint();
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(listeningAddresses(url.getPort())).containsExactly("127.0.0.1");
        Path token = jpm.home().resolve("metrics.token");
        assertThat(Files.getPosixFilePermissions(token)).hasToString("[OWNER_READ, OWNER_WRITE]");

        assertThat(get(url, url.getAuthority(), null).status()).isEqualTo(401);
        assertThat(get(url, url.getAuthority(), "Bearer wrong").status()).isEqualTo(401);
        String bearer = "Bearer " + Files.readString(token).strip();
        assertThat(get(url, "rebound.example:" + url.getPort(), bearer).status()).isEqualTo(403);
        Reply ok = get(url, url.getAuthority(), bearer);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("jpm_instance_up{id=\"0\",index=\"0\",name=\"web\",namespace=\"default\"} 1.0");
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).contains("metrics: serving " + url);
    }

    @Test
    void aForegroundDaemonTakesTheAddressFromItsCommandLine() throws Exception {
        JpmHomeFixture.Result bad = jpm.jpm("daemon", "--foreground", "--metrics", ":9615");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--metrics ':9615' names no host: write 127.0.0.1:9615");

        Path out = Files.createTempFile("jpm-metrics-fg", ".log");
        ProcessBuilder pb = new ProcessBuilder(JpmHomeFixture.BIN.toString(), "daemon", "--foreground", "--metrics", "127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JPM_HOME", jpm.home().toString());
        Process daemon = pb.start();
        try {
            await().atMost(WAIT).until(() -> Files.exists(jpm.home().resolve("daemon.sock")) || !daemon.isAlive());
            URI url = endpoint();
            assertThat(url.toString()).matches("http://127\\.0\\.0\\.1:[0-9]+/metrics");
            assertThat(listeningAddresses(url.getPort())).containsExactly("127.0.0.1");
            jpm.jpm("kill").ok();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            daemon.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /**
     * The Prometheus client is loaded by `jpm metrics` only: not by ping or ls (fast path or
     * picocli's), and not by a daemon without a listener, even one that answered a metrics request.
     */
    @Test
    void thePrometheusClientLoadsOnlyForMetrics() throws Exception {
        Path dir = Files.createTempDirectory("jpm-classes-");
        try {
            Path daemonLog = dir.resolve("daemon.log");
            Map<String, String> env = Map.of("JPM_HOME", jpm.home().toString(),
                    "JPM_DAEMON_JAVA_OPTS", "-Xlog:class+load=info:file=" + daemonLog);
            for (List<String> args : List.of(List.of("ls"), List.of("ping"), List.of("ls", "--home", jpm.home().toString()))) {
                Path log = dir.resolve("cli.log");
                jpm.run(cliWithClassLog(log, args), env).ok();
                assertThat(Files.readString(log)).as("classes of jpm %s", args).doesNotContain(" io.prometheus.", " jpm.metrics.");
            }
            Path log = dir.resolve("metrics.log");
            jpm.run(cliWithClassLog(log, List.of("metrics")), env).ok();
            assertThat(Files.readString(log)).contains(" io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter ");
            assertThat(Files.readString(daemonLog)).as("classes of a daemon without a listener")
                    .contains(" jpm.rpc.DaemonFigures ").doesNotContain(" io.prometheus.", " jpm.metrics.", " com.sun.net.httpserver.");
        } finally {
            JpmHomeFixture.deleteTree(dir);
        }
    }

    /** The CLI's jar run by this JDK with a class-load log (not bin/jpm: its AOT cache holds classes whether used or not). */
    private static List<String> cliWithClassLog(Path log, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-Xlog:disable",
                "-Xlog:class+load=info:file=" + log, "--enable-native-access=ALL-UNNAMED", "-jar", JpmHomeFixture.JAR.toString()));
        cmd.addAll(args);
        return cmd;
    }

    /** A real Prometheus (Debian's package) scrapes the listener with the token file and answers queries. */
    @Test
    void prometheusScrapesTheListenerAndAnswersQueries() throws Exception {
        assertThat(promtoolAvailable()).as("prometheus and promtool are needed (apt-get install prometheus; .ci/run does)").isTrue();
        jpmListening("start", JpmHomeFixture.fixture("hello.sh").toString(), "--name", "web", "-i", "2").ok();
        jpm.jpm("restart", "web").ok();
        jpm.jpm("restart", "web").ok();
        URI url = endpoint();
        Path dir = Files.createTempDirectory("jpm-prometheus-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: jpm
                    authorization:
                      credentials_file: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(jpm.home().resolve("metrics.token"), url.getAuthority()));
        promtool("check", "config", config.toString()).apply(null);
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query");
            // the target is up for Prometheus: the token was accepted
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> query(api, "up{job=\"jpm\"}").equals(List.of("1")));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> query(api, "jpm_instance_up{name=\"web\"}").equals(List.of("1", "1")));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> query(api, "jpm_instance_restarts_total{name=\"web\",index=\"0\"}").equals(List.of("2")));
            assertThat(query(api, "sum(jpm_instance_status{status=\"online\"})")).containsExactly("2");
            assertThat(query(api, "jpm_daemon_instances")).containsExactly("2");
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor();
            JpmHomeFixture.deleteTree(dir);
        }
    }

    /** The listener's URL, from `jpm metrics --endpoint --json`. */
    private URI endpoint() {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) Json.parse(jpm.jpm("metrics", "--endpoint", "--json").ok().out().strip());
        assertThat(e.get("token_file")).isEqualTo(jpm.home().resolve("metrics.token").toString());
        return URI.create((String) e.get("url"));
    }

    /** The values of an instant query, in the order of their series' labels. */
    @SuppressWarnings("unchecked")
    private static List<String> query(URI api, String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(api + "?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.body())).get("data");
        List<Map<String, Object>> result = (List<Map<String, Object>>) data.get("result");
        return result.stream().sorted(Comparator.comparing(m -> m.get("metric").toString()))
                .map(m -> (String) ((List<Object>) m.get("value")).get(1)).toList();
    }

    record Reply(int status, String body) {}

    /** A GET written by hand, so that any Host header can be sent. */
    private static Reply get(URI url, String host, String authorization) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName(url.getHost()), url.getPort())) {
            s.setSoTimeout(30_000);
            String req = "GET " + url.getPath() + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Connection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(Integer.parseInt(all.split(" ", 3)[1]), all.substring(all.indexOf("\r\n\r\n") + 4));
        }
    }

    /** The local addresses of the TCP sockets listening on a port (from /proc/net/tcp and tcp6). */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                String[] local = f[1].split(":");
                if (!f[3].equals("0A") || Integer.parseInt(local[1], 16) != port) continue; // 0A: LISTEN
                out.add(address(local[0]));
            }
        }
        return out;
    }

    /** A /proc/net address: 32-bit words in host (little-endian) order. */
    private static String address(String hex) throws IOException {
        byte[] b = new byte[hex.length() / 2];
        for (int w = 0; w < b.length / 4; w++) {
            for (int i = 0; i < 4; i++) b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
        }
        return InetAddress.getByAddress(b).getHostAddress();
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }

    private static boolean promtoolAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/promtool")) && Files.isExecutable(Path.of("/usr/bin/prometheus"));
    }

    /** promtool with these arguments, stdin given; returns its output (stdout and stderr) if it exits 0, else fails. */
    private static java.util.function.Function<String, String> promtool(String... args) {
        return stdin -> {
            try {
                List<String> cmd = new ArrayList<>(List.of("promtool"));
                cmd.addAll(List.of(args));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as("promtool %s: %s", args, out).isZero();
                return out;
            } catch (IOException e) {
                throw new AssertionError("promtool is needed (apt-get install prometheus; .ci/run does)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        };
    }
}
