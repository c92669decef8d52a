package jpm.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the HTTP and TCP probes share (docs/health.md): one channel group whose one thread waits
 * for the probes' non-blocking sockets and runs their completions (which only read and post),
 * and {@link #IO_THREADS} small threads that look names up (a lookup may block), idle ones ending
 * after a minute; both made with the first such probe, so a daemon without them starts no
 * thread. For {@code https://} probes only, one JDK HttpClient. Makes the {@link NetProbe} of a target.
 */
final class NetworkProbes {
    /** The threads that look names up (and start https exchanges, which may look names up). */
    static final int IO_THREADS = 2;

    private ThreadPoolExecutor io;
    private AsynchronousChannelGroup group;
    private HttpClient https;

    /** The probe of one instance's target; null for an exec probe, which is not a network one. */
    NetProbe probe(ProbeTarget target, long timeoutMs) {
        return switch (target) {
            case ProbeTarget.Http h when h.secure() -> new HttpsProbe(httpsClient(), h, timeoutMs, io());
            case ProbeTarget.Http h -> new HttpProbeConnection(this, h, timeoutMs);
            case ProbeTarget.Tcp t -> new TcpProbe(this, t, timeoutMs);
            case ProbeTarget.Exec x -> null;
        };
    }

    /** A new unconnected socket of the probes' channel group. */
    synchronized AsynchronousSocketChannel open() throws IOException {
        // one thread that waits for the sockets and runs their completions itself: no hand-over per event
        if (group == null) group = AsynchronousChannelGroup.withFixedThreadPool(1, r -> Thread.ofPlatform().name("jpm-probes-io").daemon().unstarted(r));
        return AsynchronousSocketChannel.open(group);
    }

    /**
     * Connects {@code channel} to {@code host:port}: at once for an IP address, after a lookup on
     * an I/O thread for a name (a lookup may block). A failure to start (an unknown host, a channel
     * closed meanwhile) comes to {@code handler} as well.
     */
    void connect(AsynchronousSocketChannel channel, String host, int port, CompletionHandler<Void, Void> handler) {
        Runnable connect = () -> {
            try {
                channel.connect(new InetSocketAddress(host, port), null, handler);
            } catch (RuntimeException e) {
                handler.failed(e, null);
            }
        };
        if (ProbeTarget.literalAddress(host)) connect.run();
        else io().execute(connect);
    }

    private synchronized ThreadPoolExecutor io() {
        if (io == null) {
            io = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> Thread.ofPlatform().name("jpm-probes").daemon().unstarted(r));
            io.allowCoreThreadTimeOut(true); // idle ones end: probes every 10 s do not keep them
        }
        return io;
    }

    private synchronized HttpClient httpsClient() {
        if (https == null) {
            // probes ask the apps on this machine: no proxy, no redirect followed (a 3xx is an answer), HTTP/1.1
            // its tasks run where they arise (its selector thread, or the caller): they never block
            // with a discarded body, and each hand-over to a pool costs more than the task
            https = HttpClient.newBuilder().executor(Runnable::run).proxy(HttpClient.Builder.NO_PROXY)
                    .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        }
        return https;
    }

    static void close(AsynchronousSocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closed is closed
        }
    }
}
