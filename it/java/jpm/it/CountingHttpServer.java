package jpm.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server of the test's own that answers every request 200 and counts the
 * connections it accepted, the requests and the connections the client closed: what a probe
 * does with its connections, seen from the other end.
 */
final class CountingHttpServer implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();
    private final ServerSocket server;
    private final boolean keepAlive;

    /** @param keepAlive whether connections are kept after an answer; else each answer says {@code Connection: close} */
    CountingHttpServer(boolean keepAlive) throws IOException {
        this.keepAlive = keepAlive;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    closedByClient.incrementAndGet();
                    return;
                }
                while (line != null && !line.isEmpty()) line = in.readLine();
                requests.incrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\nok")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (!keepAlive) return;
            }
        } catch (IOException e) {
            closedByClient.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
