package jpm.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The probe of an {@code http://} URL: jpm's own HTTP/1.1 GET over one connection kept per probed
 * instance (docs/health.md). The connection carries probe after probe while the server keeps it
 * open; a new one is made when it was closed or a probe failed on it. A kept connection that the
 * server closed while idle (its keep-alive timeout) is found out by the next request: when not a
 * byte of its answer came, the request is sent once more on a new connection, as browsers do with
 * a GET.
 *
 * <p>Non-blocking: the sockets belong to {@link NetworkProbes}' channel group; the request is
 * written on the thread that starts the probe, the answer read on the group's thread, whose
 * completion posts the outcome; nothing waits. The answer is read by
 * {@link HttpProbeResponse}, through a buffer of {@link #BUFFER} bytes. State is guarded by
 * {@code this}: the loop starts and gives up probes, the I/O threads carry them.
 */
final class HttpProbeConnection implements NetProbe {
    /** The read buffer of a probe. */
    static final int BUFFER = 2048;

    private final NetworkProbes net;
    private final ProbeTarget.Http target;
    private final long timeoutMs;
    private final byte[] request;

    // guarded by this
    /** The connection kept between probes, or null. */
    private AsynchronousSocketChannel channel;
    /** The probe on its way, or null: a completion for any other is late and dropped. */
    private Exchange current;

    /** One probe: its request, its answer as read so far. */
    private static final class Exchange {
        final Answer answer;
        final ByteBuffer in = ByteBuffer.allocate(BUFFER);
        ByteBuffer out;
        HttpProbeResponse response;
        /** Whether it runs on a connection a previous probe used, which the server may have closed meanwhile. */
        boolean kept;

        Exchange(Answer answer) {
            this.answer = answer;
        }
    }

    HttpProbeConnection(NetworkProbes net, ProbeTarget.Http target, long timeoutMs) {
        this.net = net;
        this.target = target;
        this.timeoutMs = timeoutMs;
        this.request = target.request().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void start(Answer answer) {
        Exchange ex = new Exchange(answer);
        AsynchronousSocketChannel kept;
        synchronized (this) {
            current = ex;
            kept = channel;
        }
        if (kept != null) send(ex, kept, true);
        else connect(ex);
    }

    @Override
    public synchronized void abort() {
        if (current == null) return;
        current = null;
        dropChannel();
    }

    @Override
    public synchronized void close() {
        current = null;
        dropChannel();
    }

    private void connect(Exchange ex) {
        AsynchronousSocketChannel c;
        try {
            c = net.open();
        } catch (IOException e) {
            end(ex, false, ProbeTarget.failure(e, timeoutMs));
            return;
        }
        synchronized (this) {
            if (current != ex) {
                NetworkProbes.close(c);
                return;
            }
            dropChannel();
            channel = c;
        }
        net.connect(c, target.host(), target.port(), new CompletionHandler<>() {
            @Override
            public void completed(Void v, Void attachment) {
                send(ex, c, false);
            }

            @Override
            public void failed(Throwable e, Void attachment) {
                broke(ex, c, e);
            }
        });
    }

    private void send(Exchange ex, AsynchronousSocketChannel c, boolean kept) {
        ex.kept = kept;
        ex.out = ByteBuffer.wrap(request);
        ex.response = new HttpProbeResponse();
        write(ex, c);
    }

    /**
     * Sends the request at once, on the caller's thread (the loop's, or the I/O thread after a
     * connect): a request of a few hundred bytes fits an idle connection's send buffer, so the
     * write never waits, and no hand-over to the I/O thread is paid for it. A send buffer that is
     * full (a server that reads nothing) fails the probe rather than wait.
     */
    private void write(Exchange ex, AsynchronousSocketChannel c) {
        try {
            while (ex.out.hasRemaining()) {
                Future<Integer> written = c.write(ex.out);
                if (!written.isDone()) {
                    written.cancel(true);
                    throw new IOException("the server reads no request");
                }
                written.get();
            }
        } catch (ExecutionException e) {
            broke(ex, c, e.getCause());
            return;
        } catch (IOException | RuntimeException | InterruptedException e) { // closed meanwhile, or never read
            broke(ex, c, e);
            return;
        }
        read(ex, c);
    }

    private void read(Exchange ex, AsynchronousSocketChannel c) {
        ex.in.clear();
        try {
            c.read(ex.in, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void attachment) {
                    if (!live(ex)) return;
                    HttpProbeResponse r = ex.response;
                    if (n < 0) {
                        if (ex.kept && r.nothingReceived()) {
                            retry(ex, c);
                            return;
                        }
                        r.closed();
                    } else {
                        r.feed(ex.in.array(), 0, n);
                    }
                    if (r.failure() != null) {
                        drop(c);
                        end(ex, false, r.failure());
                    } else if (r.done()) {
                        if (!r.reusable()) drop(c);
                        end(ex, ProbeTarget.passes(r.status()), "HTTP " + r.status());
                    } else {
                        read(ex, c);
                    }
                }

                @Override
                public void failed(Throwable e, Void attachment) {
                    broke(ex, c, e);
                }
            });
        } catch (RuntimeException e) { // closed meanwhile
            broke(ex, c, e);
        }
    }

    /** A connect, a write or a read failed: on a kept connection before any answer, the request goes again on a new one. */
    private void broke(Exchange ex, AsynchronousSocketChannel c, Throwable e) {
        if (!live(ex)) return;
        if (ex.kept && (ex.response == null || ex.response.nothingReceived())) {
            retry(ex, c);
            return;
        }
        drop(c);
        end(ex, false, ProbeTarget.failure(e, timeoutMs));
    }

    private void retry(Exchange ex, AsynchronousSocketChannel c) {
        drop(c);
        ex.kept = false;
        connect(ex);
    }

    private synchronized boolean live(Exchange ex) {
        return current == ex;
    }

    /** Closes {@code c}, and forgets it if it is the kept one. */
    private void drop(AsynchronousSocketChannel c) {
        synchronized (this) {
            if (channel == c) channel = null;
        }
        NetworkProbes.close(c);
    }

    private void dropChannel() {
        if (channel != null) NetworkProbes.close(channel);
        channel = null;
    }

    private void end(Exchange ex, boolean passed, String message) {
        long end = System.nanoTime();
        synchronized (this) {
            if (current != ex) return;
            current = null;
        }
        ex.answer.answered(passed, message, end);
    }
}
