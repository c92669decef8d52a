package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * jpm's HTTP probe against a small server of the test's that counts the connections it accepts:
 * a kept-alive connection carries probe after probe; a server that closes gets a new one each
 * time, unnoticed by the probe; a probe given up closes its connection.
 */
class HttpProbeConnectionTest {
    /** How the test server answers each request. */
    enum Mode { KEEP_ALIVE, CONNECTION_CLOSE, CLOSE_SILENTLY, FAIL_500, HANG }

    final NetworkProbes net = new NetworkProbes();
    final AtomicInteger accepted = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> eof = new CompletableFuture<>();
    ServerSocket server;

    void serve(Mode mode) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                Thread.ofVirtual().start(() -> answer(s, mode));
            }
        });
    }

    void answer(Socket s, Mode mode) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = s.getOutputStream();
            while (true) {
                StringBuilder request = new StringBuilder();
                for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) request.append(l).append('\n');
                if (request.isEmpty()) {
                    eof.complete(null);
                    return;
                }
                requests.add(request.toString());
                String response = switch (mode) {
                    case KEEP_ALIVE, CLOSE_SILENTLY -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                    case CONNECTION_CLOSE -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
                    case FAIL_500 -> "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4\r\noops\r\n0\r\n\r\n";
                    case HANG -> null;
                };
                if (response == null) continue;
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (mode == Mode.CONNECTION_CLOSE || mode == Mode.CLOSE_SILENTLY) return;
            }
        } catch (IOException e) {
            eof.complete(null);
        }
    }

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) server.close();
    }

    HttpProbeConnection probe(String path) {
        return new HttpProbeConnection(net, new ProbeTarget.Http(URI.create("http://127.0.0.1:" + server.getLocalPort() + path)), 2000);
    }

    /** One probe, waited for: {@code passed message}. */
    static String once(NetProbe probe) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        probe.start((passed, message, end) -> answer.complete((passed ? "passed " : "failed ") + message));
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aKeptAliveConnectionCarriesEveryProbe() throws Exception {
        serve(Mode.KEEP_ALIVE);
        HttpProbeConnection probe = probe("/health?app=1#frag");
        for (int i = 0; i < 5; i++) assertThat(once(probe)).isEqualTo("passed HTTP 200");
        assertThat(accepted.get()).as("connections for 5 probes").isEqualTo(1);
        assertThat(requests).hasSize(5).allSatisfy(r -> assertThat(r).isEqualTo("GET /health?app=1 HTTP/1.1\nHost: 127.0.0.1:"
                + server.getLocalPort() + "\nUser-Agent: jpm-health\nAccept: */*\nConnection: keep-alive\n"));
        probe.close();
        eof.get(10, TimeUnit.SECONDS); // the server saw the connection end
    }

    @Test
    void aFailingAnswerKeepsTheConnectionToo() throws Exception {
        serve(Mode.FAIL_500);
        HttpProbeConnection probe = probe("/");
        for (int i = 0; i < 3; i++) assertThat(once(probe)).isEqualTo("failed HTTP 500");
        assertThat(accepted.get()).isEqualTo(1);
    }

    @Test
    void aServerThatClosesGetsANewConnectionPerProbe() throws Exception {
        serve(Mode.CONNECTION_CLOSE);
        HttpProbeConnection probe = probe("/");
        for (int i = 0; i < 3; i++) assertThat(once(probe)).isEqualTo("passed HTTP 200");
        assertThat(accepted.get()).isEqualTo(3);
    }

    @Test
    void aKeptConnectionTheServerClosedMeanwhileIsReplacedUnnoticed() throws Exception {
        serve(Mode.CLOSE_SILENTLY);
        HttpProbeConnection probe = probe("/");
        for (int i = 0; i < 3; i++) {
            assertThat(once(probe)).isEqualTo("passed HTTP 200");
            Thread.sleep(100); // the server's close arrives before the next request
        }
        assertThat(accepted.get()).isEqualTo(3);
        assertThat(requests).hasSize(3);
    }

    @Test
    void aProbeGivenUpClosesItsConnectionAndTheNextOneMakesANewOne() throws Exception {
        serve(Mode.HANG);
        HttpProbeConnection probe = probe("/");
        CompletableFuture<String> answer = new CompletableFuture<>();
        probe.start((passed, message, end) -> answer.complete(message));
        while (requests.isEmpty()) Thread.sleep(10);
        probe.abort();
        eof.get(10, TimeUnit.SECONDS);
        probe.start((passed, message, end) -> {});
        while (requests.size() < 2) Thread.sleep(10);
        assertThat(accepted.get()).isEqualTo(2);
        probe.close();
        assertThat(answer).as("a probe given up is never answered").isNotDone();
    }

    @Test
    void nothingListeningIsConnectionRefused() throws Exception {
        serve(Mode.KEEP_ALIVE);
        HttpProbeConnection probe = probe("/");
        server.close();
        assertThat(once(probe)).isEqualTo("failed connection refused");
    }
}
