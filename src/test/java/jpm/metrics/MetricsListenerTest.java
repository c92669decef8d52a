package jpm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import jpm.home.JpmHome;
import jpm.rpc.DaemonFigures;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener over real sockets, with an answer standing in for the daemon's: what a scraper and a stranger get. */
class MetricsListenerTest {
    static final Response ANSWER = new Response.Metrics(new DaemonFigures(1, "0.1.0", 1000, 1, 1, 4096, 10, 100, null, null),
            List.of(new InstanceInfo(0, "api", "default", 0, 42L, InstanceStatus.ONLINE, 3, 0, 1000L, 0, 4096, null, null, null,
                    "/o", "/e", null, 20L)));

    Path dir;
    JpmHome home;
    final List<String> log = new ArrayList<>();
    final AtomicReference<String> url = new AtomicReference<>();
    final AtomicReference<String> problem = new AtomicReference<>();
    MetricsListener listener;

    record Reply(int status, String headers, String body) {}

    @BeforeEach
    void home() throws IOException {
        dir = Files.createTempDirectory("jpm-metrics-");
        home = new JpmHome(dir);
    }

    @AfterEach
    void close() throws IOException {
        if (listener != null) listener.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
    }

    private MetricsListener start(String address, Supplier<CompletableFuture<Response>> ask) {
        listener = MetricsListener.start(address, home, ask, (u, p) -> {
            url.set(u);
            problem.set(p);
        }, log::add);
        return listener;
    }

    private String token() throws IOException {
        return Files.readString(home.metricsToken());
    }

    /** One request written by hand, so that any Host header can be sent. */
    private Reply request(String method, String path, String host, String authorization) throws IOException {
        URI u = URI.create(url.get());
        try (Socket s = new Socket(InetAddress.getByName(u.getHost()), u.getPort())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (host != null) req.append("Host: ").append(host).append("\r\n");
            if (authorization != null) req.append("Authorization: ").append(authorization).append("\r\n");
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = all.substring(0, split);
            return new Reply(Integer.parseInt(head.split(" ")[1]), head, all.substring(split + 4));
        }
    }

    @Test
    void servesTheMetricsToAScraperWithTheToken() throws IOException {
        start("127.0.0.1:0", () -> CompletableFuture.completedFuture(ANSWER));
        assertThat(problem.get()).isNull();
        assertThat(url.get()).matches("http://127\\.0\\.0\\.1:[0-9]+/metrics");
        Reply r = request("GET", "/metrics", URI.create(url.get()).getAuthority(), "Bearer " + token());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsIgnoringCase("Content-Type: text/plain; version=0.0.4");
        assertThat(r.body()).contains("jpm_instance_up{id=\"0\",index=\"0\",name=\"api\",namespace=\"default\"} 1.0",
                "jpm_instance_restarts_total{id=\"0\",index=\"0\",name=\"api\",namespace=\"default\"} 3.0");
        assertThat(log).anyMatch(l -> l.startsWith("metrics: serving " + url.get() + " (bearer token in " + home.metricsToken()));
        assertThat(log).noneMatch(l -> l.contains("warning"));
    }

    @Test
    void refusesWhoeverLacksTheTokenTheHostOrTheRightRequest() throws IOException {
        start("0", () -> CompletableFuture.completedFuture(ANSWER));
        assertThat(url.get()).startsWith("http://127.0.0.1:"); // a port alone: loopback
        String host = URI.create(url.get()).getAuthority();
        String bearer = "Bearer " + token();
        Reply noToken = request("GET", "/metrics", host, null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.headers()).containsIgnoringCase("WWW-Authenticate: Bearer");
        assertThat(noToken.body()).doesNotContain("jpm_");
        assertThat(request("GET", "/metrics", host, "Bearer " + "0".repeat(64)).status()).isEqualTo(401);
        assertThat(request("GET", "/metrics", "evil.example:" + URI.create(url.get()).getPort(), bearer).status()).isEqualTo(403);
        assertThat(request("GET", "/", host, bearer).status()).isEqualTo(404);
        assertThat(request("GET", "/-/healthy", host, bearer).status()).isEqualTo(404);
        assertThat(request("POST", "/metrics", host, bearer).status()).isEqualTo(405);
        assertThat(request("GET", "/metrics", "localhost", bearer).status()).isEqualTo(200);
    }

    @Test
    void theTokenIsPrivateAndKeptAcrossStarts() throws IOException {
        start("127.0.0.1:0", () -> CompletableFuture.completedFuture(ANSWER));
        String first = token();
        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.metricsToken()))).isEqualTo("rw-------");
        listener.close();
        Files.setPosixFilePermissions(home.metricsToken(), PosixFilePermissions.fromString("rw-r--r--"));
        start("127.0.0.1:0", () -> CompletableFuture.completedFuture(ANSWER));
        assertThat(token()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.metricsToken()))).isEqualTo("rw-------");
    }

    @Test
    void aTokenFileThatCannotServeIsReported() throws IOException {
        Files.writeString(home.metricsToken(), "short");
        assertThat(start("127.0.0.1:0", () -> CompletableFuture.completedFuture(ANSWER))).isNull();
        assertThat(problem.get()).contains("shorter than 32 characters");
        assertThat(url.get()).isNull();
    }

    @Test
    void aListenerThatCannotStartLeavesTheDaemonRunningAndSaysWhy() throws IOException {
        assertThat(start("nowhere:", () -> CompletableFuture.completedFuture(ANSWER))).isNull();
        assertThat(problem.get()).startsWith("cannot listen on nowhere:: ").contains("the port must be a number");
        assertThat(log).anyMatch(l -> l.contains("the daemon runs without a metrics listener"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(start("127.0.0.1:" + taken.getLocalPort(), () -> CompletableFuture.completedFuture(ANSWER))).isNull();
            assertThat(problem.get()).startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aScrapeTheDaemonCannotAnswerFailsAloneWithA500() throws IOException {
        start("127.0.0.1:0", () -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        Reply r = request("GET", "/metrics", URI.create(url.get()).getAuthority(), "Bearer " + token());
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("boom");
        assertThat(log).contains("metrics: a scrape got 500: the daemon failed to answer: java.lang.IllegalStateException: boom");
    }

    @Test
    void anAddressOtherMachinesReachIsServedWithAWarning() throws IOException {
        start("0.0.0.0:0", () -> CompletableFuture.completedFuture(ANSWER));
        assertThat(url.get()).startsWith("http://0.0.0.0:");
        assertThat(log).anyMatch(l -> l.startsWith("metrics: warning: 0.0.0.0 (0.0.0.0) is reachable from other machines"));
        url.set(url.get().replace("0.0.0.0", "127.0.0.1"));
        assertThat(request("GET", "/metrics", URI.create(url.get()).getAuthority(), "Bearer " + token()).status()).isEqualTo(200);
    }
}
