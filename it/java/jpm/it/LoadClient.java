package jpm.it;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A small HTTP load generator for the cluster tests: {@code workers} threads send {@code GET /}
 * to 127.0.0.1:port until {@link #stop()}, and count answers, failures and distinct bodies (the
 * fixtures answer with their pid).
 *
 * <p>Raw sockets and a minimal HTTP/1.1 client, not {@code java.net.http.HttpClient}: the point
 * is to count every request that failed, and HttpClient hides some (it pools connections on its
 * own terms and silently retries a request that failed on a reused connection, the very case a
 * drain must get right). Here each worker owns at most one connection; with keep-alive on it
 * reuses it until the server says {@code Connection: close} or the request fails, with keep-alive
 * off it sends {@code Connection: close} and connects anew for each request. Like real clients it
 * does not reuse a connection the server closed while it sat idle. A failed request is
 * never retried: connection refused or reset, EOF before a full response, a timeout (5 s), or a
 * status other than 200 each count as one failure. Bodies must come with Content-Length (chunked
 * responses count as failures; the fixtures never send them).
 */
public final class LoadClient implements AutoCloseable {
    private static final int TIMEOUT_MS = 5_000;
    private static final long IDLE_PROBE_NANOS = 20_000_000;

    private final int port;
    private final boolean keepAlive;
    private final long pauseNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final Map<String, LongAdder> bodies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** The first failures, with the time they happened, for assertion messages. */
    private final ConcurrentLinkedQueue<String> firstFailures = new ConcurrentLinkedQueue<>();
    private final AtomicLong failureSamples = new AtomicLong();
    private final long t0 = System.nanoTime();

    public record Stats(long ok, long failed, long connections, Map<String, Long> bodies, Map<String, Long> failures,
            List<String> firstFailures) {
        @Override
        public String toString() {
            return ok + " ok, " + failed + " failed " + failures + " over " + connections + " connections; bodies "
                    + bodies + (firstFailures.isEmpty() ? "" : "; first failures " + firstFailures);
        }
    }

    /**
     * Starts the workers at once.
     *
     * @param perWorkerRate requests per second per worker at most (0: as fast as answers come),
     *     so that a test's load stays bounded on a small machine
     */
    public LoadClient(int port, int workers, boolean keepAlive, int perWorkerRate) {
        this.port = port;
        this.keepAlive = keepAlive;
        this.pauseNanos = perWorkerRate > 0 ? 1_000_000_000L / perWorkerRate : 0;
        for (int i = 0; i < workers; i++) {
            Thread t = Thread.ofPlatform().daemon().name("load-" + i).start(this::work);
            threads.add(t);
        }
    }

    public static LoadClient start(int port, int workers, boolean keepAlive) {
        return new LoadClient(port, workers, keepAlive, 0);
    }

    /** Counts so far (the workers keep going). */
    public Stats stats() {
        Map<String, Long> b = new TreeMap<>();
        bodies.forEach((k, v) -> b.put(k, v.sum()));
        Map<String, Long> f = new TreeMap<>();
        failures.forEach((k, v) -> f.put(k, v.sum()));
        return new Stats(ok.sum(), failed.sum(), connections.sum(), b, f, List.copyOf(firstFailures));
    }

    /** Stops the workers, waits for their last requests (each bounded by the 5 s timeout), and returns the counts. */
    public Stats stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) t.join(2L * TIMEOUT_MS);
        return stats();
    }

    @Override
    public void close() throws InterruptedException {
        if (running) stop();
    }

    private void work() {
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Socket socket = null;
        InputStream in = null;
        long next = System.nanoTime();
        long lastUse = next;
        while (running) {
            if (pauseNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                next = Math.max(next + pauseNanos, System.nanoTime() - pauseNanos);
            }
            if (socket != null && System.nanoTime() - lastUse > IDLE_PROBE_NANOS && closedWhileIdle(socket, in)) {
                closeQuietly(socket);
                socket = null;
            }
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(TIMEOUT_MS);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
                    in = new BufferedInputStream(socket.getInputStream());
                    connections.increment();
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                boolean close = readResponse(in);
                lastUse = System.nanoTime();
                if (close || !keepAlive) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
                if (socket != null) {
                    closeQuietly(socket);
                    socket = null;
                }
            }
        }
        if (socket != null) closeQuietly(socket);
    }

    /**
     * Whether the server closed this pooled connection while it sat idle. Real clients (Node's
     * agent, browsers, curl) notice that before reusing a connection and open a new one; without
     * this check a slow worker would count as failures requests it sent on a connection it could
     * have known was closed. Only a request that meets a close in flight (the race no HTTP/1.1
     * server can avoid) is then a failure. Checked only after an idle pause, as it costs a read.
     */
    private static boolean closedWhileIdle(Socket socket, InputStream in) {
        try {
            socket.setSoTimeout(1);
            in.mark(1);
            int c = in.read();
            if (c < 0) return true;
            in.reset(); // unexpected bytes: left for the next response to trip over
            return false;
        } catch (java.net.SocketTimeoutException alive) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(TIMEOUT_MS);
            } catch (IOException ignored) {
                // the next request will fail and count
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    /** Reads one response; counts it; returns whether the server will close the connection. */
    private boolean readResponse(InputStream in) throws IOException {
        String status = line(in);
        int length = -1;
        boolean close = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) length = Integer.parseInt(value);
            else if (name.equals("connection") && value.equalsIgnoreCase("close")) close = true;
            else if (name.equals("transfer-encoding")) throw new IOException("unsupported Transfer-Encoding: " + value);
        }
        if (length < 0) throw new IOException("no Content-Length");
        byte[] body = in.readNBytes(length);
        if (body.length < length) throw new EOFException("EOF in the body");
        if (!status.startsWith("HTTP/1.1 200 ")) throw new IOException("status " + status);
        ok.increment();
        bodies.computeIfAbsent(new String(body, StandardCharsets.UTF_8), k -> new LongAdder()).increment();
        return close;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException(sb.isEmpty() ? "EOF before a response" : "EOF in the headers");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    private void fail(Exception e) {
        failed.increment();
        String kind = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
        if (kind.length() > 80) kind = kind.substring(0, 80);
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (failureSamples.getAndIncrement() < 10) {
            firstFailures.add(String.format("+%.3fs %s", (System.nanoTime() - t0) / 1e9, kind));
        }
    }
}
