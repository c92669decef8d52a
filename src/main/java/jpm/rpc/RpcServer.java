package jpm.rpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The daemon's side of the socket. One virtual thread per connection reads frames and hands
 * each request to the handler (which posts it to the supervisor and returns a future).
 *
 * <p>Robustness: a peer whose uid differs from the daemon's is refused (SO_PEERCRED); a frame
 * that starts but does not complete within {@link #FRAME_TIMEOUT} gets its connection closed; an
 * oversized length is answered with a Failure and the connection closed, invalid UTF-8 or JSON
 * with a Failure; at most {@link #MAX_CONNECTIONS} connections are served at once. Memory: every
 * request is admitted against one {@link FrameBudget} before its body is read and holds its share
 * until answered ({@link RequestFrames}), so no number of clients can push the daemon out of
 * memory; a request that waits longer than {@link #ADMISSION_WAIT} for it is answered
 * {@code busy}. None of it stops the daemon.
 */
public final class RpcServer implements AutoCloseable {
    public static final Duration FRAME_TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_CONNECTIONS = 256;
    /** How long a request may wait for the memory budget (behind other large requests) before it is refused as busy. */
    public static final Duration ADMISSION_WAIT = Duration.ofSeconds(30);
    /** How long a subscriber cut off for reading too slowly gets to read why before its connection is closed. */
    static final Duration CUT_OFF_GRACE = Duration.ofSeconds(10);
    /**
     * At most this much unread input is drained from a refused peer before closing: more than a
     * whole frame, so a peer refused before its body was read still gets to read why.
     */
    static final long DRAIN_LIMIT = Frames.MAX_FRAME + (1 << 20);

    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final Function<Request, CompletableFuture<Response>> handler;
    /** Runs once a reply is written to its peer (the daemon exits after `kill` only then). */
    private volatile java.util.function.BiConsumer<Request, Response> afterReply = (q, r) -> { };
    /** Opens a subscription: registers its queue with the daemon and answers Subscribed, or a failure. */
    private volatile int streamCapacity = FrameQueue.DEFAULT_CAPACITY;
    private volatile java.util.function.BiFunction<Request.Subscribe, FrameQueue, CompletableFuture<Response>> streams =
            (s, q) -> CompletableFuture.completedFuture(new Response.Failure(ErrorCode.BAD_REQUEST, "this daemon streams no events"));
    private final Consumer<String> log;
    private final RequestFrames frames = new RequestFrames(FrameBudget.forHeap(Runtime.getRuntime().maxMemory()), ADMISSION_WAIT);
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Parked while there is no connection; serve() and close() wake it. */
    private volatile Thread watchdogThread;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    private RpcServer(ServerSocketChannel server, UserPrincipal owner,
                      Function<Request, CompletableFuture<Response>> handler, Consumer<String> log) {
        this.server = server;
        this.owner = owner;
        this.handler = handler;
        this.log = log;
    }

    /** Binds the socket (the caller removed any stale file and sets its mode afterwards). */
    public static RpcServer bind(Path socket, UserPrincipal owner,
                                 Function<Request, CompletableFuture<Response>> handler, Consumer<String> log)
            throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket), 64);
        return new RpcServer(ch, owner, handler, log);
    }

    /** Starts the accept loop and the stalled-frame watchdog. */
    public void start() {
        Thread.ofPlatform().name("rpc-accept").daemon().start(this::acceptLoop);
        watchdogThread = Thread.ofPlatform().name("rpc-watchdog").daemon().start(this::watchdog);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) log.accept("accept failed: " + e);
                continue;
            }
            Thread.ofVirtual().name("rpc-conn").start(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        Connection conn = new Connection(ch);
        // the hello must arrive within FRAME_TIMEOUT: a silent peer cannot hold a slot before it
        conn.frameStartedNanos = System.nanoTime();
        connections.add(conn);
        LockSupport.unpark(watchdogThread);
        try {
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                refuse(conn, new Response.Failure(ErrorCode.BUSY, "the daemon already serves " + MAX_CONNECTIONS + " connections; retry later"));
                return;
            }
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!owner.equals(peer.user())) {
                log.accept("refused a connection from user " + peer.user().getName());
                refuse(conn, new Response.Failure(ErrorCode.PERMISSION_DENIED, "permission denied: this jpm daemon belongs to user "
                        + owner.getName() + ", not " + peer.user().getName()));
                return;
            }
            if (!handshake(conn)) return;
            Request.Subscribe subscribe = null;
            while (!closed && subscribe == null) {
                // the frame's share of the memory budget is held until its answer is written
                try (RequestFrames.Admitted frame = conn.readFrame()) {
                    if (frame == null) return;
                    Request req;
                    try {
                        req = frame.decode();
                    } catch (WireException e) {
                        reply(ch, new Response.Failure(ErrorCode.BAD_REQUEST, "bad request: " + e.getMessage()));
                        continue;
                    }
                    if (req instanceof Request.Subscribe s) {
                        subscribe = s; // streamed below, once this frame's share of the budget is released
                        continue;
                    }
                    Response r = dispatch(req);
                    try {
                        reply(ch, r);
                    } finally {
                        afterReply.accept(req, r); // a client gone before the reply must not keep the daemon half-closed
                    }
                }
            }
            if (subscribe != null) stream(conn, subscribe);
        } catch (WireException e) {
            refuse(conn, new Response.Failure(e.code(), e.getMessage()));
        } catch (IOException e) {
            // the client vanished or stalled and was cut off: nothing to answer
        } catch (RuntimeException e) {
            log.accept("connection handler failed: " + e);
        } finally {
            // closed here, after the catch clauses: they may still answer the peer
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do for this peer
            }
            open.decrementAndGet();
            connections.remove(conn);
        }
    }

    private boolean handshake(Connection conn) throws IOException {
        Request first;
        try (RequestFrames.Admitted frame = conn.readFrame()) {
            if (frame == null) return false;
            try {
                first = frame.decode();
            } catch (WireException e) {
                refuse(conn, new Response.Failure(ErrorCode.BAD_FRAME, "expected a hello frame: " + e.getMessage()));
                return false;
            }
        }
        if (!(first instanceof Request.Hello hello)) {
            refuse(conn, new Response.Failure(ErrorCode.BAD_FRAME, "expected a hello frame first"));
            return false;
        }
        if (hello.protocol() != Protocol.VERSION) {
            refuse(conn, new Response.Failure(ErrorCode.PROTOCOL_MISMATCH,
                    "protocol mismatch: the client speaks version " + hello.protocol() + ", the daemon version "
                            + Protocol.VERSION + "; run `jpm kill` with the old jpm, then retry (a new daemon starts)"));
            return false;
        }
        reply(conn.channel, new Response.Welcome(Protocol.VERSION, Protocol.JPM_VERSION, ProcessHandle.current().pid()));
        return true;
    }

    private Response dispatch(Request req) {
        try {
            return handler.apply(req).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response.Failure(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down");
        } catch (ExecutionException e) {
            log.accept("request " + req.getClass().getSimpleName() + " failed: " + e.getCause());
            return new Response.Failure(ErrorCode.INTERNAL, "internal error: " + e.getCause());
        }
    }

    public void onReplied(java.util.function.BiConsumer<Request, Response> hook) {
        this.afterReply = hook;
    }

    /**
     * @param capacity the events each subscriber's queue holds before it drops them
     */
    public void onSubscribe(java.util.function.BiFunction<Request.Subscribe, FrameQueue, CompletableFuture<Response>> opener,
                            int capacity) {
        this.streams = opener;
        this.streamCapacity = capacity;
    }

    /**
     * A subscription: the answer to subscribe, then the queue's frames as fast as the peer reads
     * them, until the peer closes, the queue ends, or the daemon does. The peer may send nothing
     * more: a reader thread watches for its end, and ends the stream with a failure on any byte.
     */
    private void stream(Connection conn, Request.Subscribe subscribe) throws IOException {
        FrameQueue queue = new FrameQueue(streamCapacity,
                () -> conn.cutOffAtNanos = System.nanoTime() + CUT_OFF_GRACE.toNanos());
        Response first;
        try {
            first = streams.apply(subscribe, queue).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first = new Response.Failure(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down");
        } catch (ExecutionException e) {
            log.accept("subscribe failed: " + e.getCause());
            first = new Response.Failure(ErrorCode.INTERNAL, "internal error: " + e.getCause());
        }
        reply(conn.channel, first);
        if (!(first instanceof Response.Subscribed)) return;
        conn.queue = queue;
        Thread reader = Thread.ofVirtual().name("rpc-stream-peer").start(() -> watchPeer(conn.channel, queue));
        try {
            for (String frame = queue.take(); frame != null; frame = queue.take()) Frames.write(conn.channel, frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.close();
            // the peer reads the end of the stream, and the reader drains what it sent meanwhile:
            // closing with unread input would reset the connection before the peer read why it ended
            try {
                conn.channel.shutdownOutput();
                reader.join(Duration.ofSeconds(1));
            } catch (IOException | InterruptedException ignored) {
                // the channel is closed next in any case
            }
            reader.interrupt();
        }
    }

    /** Ends a stream when its peer closes, or sends anything (a stream takes no requests). */
    private void watchPeer(SocketChannel ch, FrameQueue queue) {
        try {
            java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(8192);
            int n = ch.read(sink);
            if (n < 0) {
                queue.close();
                return;
            }
            queue.end(WireCodec.encode(new Response.Failure(ErrorCode.BAD_REQUEST,
                    "nothing may follow subscribe on its connection; the stream ends")));
            for (long drained = n; drained < DRAIN_LIMIT && n >= 0; drained += n) {
                sink.clear();
                n = ch.read(sink);
            }
        } catch (IOException e) {
            queue.close();
        }
    }

    private static void reply(SocketChannel ch, Response r) throws IOException {
        Frames.write(ch, WireCodec.encode(r));
    }

    /**
     * Answers a failure, then ends the connection. Unread input is drained first (bounded by the
     * frame watchdog and {@link #DRAIN_LIMIT}): closing a Unix socket with unread bytes makes the
     * peer's read fail with ECONNRESET, and it would never see why it was refused.
     */
    private static void refuse(Connection conn, Response r) {
        try {
            reply(conn.channel, r);
            conn.channel.shutdownOutput();
            conn.frameStartedNanos = System.nanoTime();
            java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(8192);
            long drained = 0;
            while (drained < DRAIN_LIMIT) {
                sink.clear();
                int n = conn.channel.read(sink);
                if (n < 0) break;
                drained += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the peer sent garbage and may already be gone
        }
    }

    /**
     * Closes connections whose frame has been coming for longer than FRAME_TIMEOUT. It sleeps
     * while there is no connection (an idle daemon wakes for nothing: docs/performance.md).
     */
    private void watchdog() {
        while (!closed) {
            if (connections.isEmpty()) {
                LockSupport.park(this); // serve() unparks it; a spurious wake-up only loops
                continue;
            }
            long now = System.nanoTime();
            for (Connection c : connections) {
                long cutOffAt = c.cutOffAtNanos;
                if (cutOffAt != 0 && now - cutOffAt > 0) {
                    try {
                        c.channel.close();
                    } catch (IOException ignored) {
                        // closing is all we can do
                    }
                }
                long started = c.frameStartedNanos;
                if (started != 0 && now - started > FRAME_TIMEOUT.toNanos()) {
                    try {
                        c.channel.close();
                    } catch (IOException ignored) {
                        // closing is all we can do
                    }
                }
            }
            try {
                Thread.sleep(500); // a watchdog tick, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        LockSupport.unpark(watchdogThread);
        server.close();
        for (Connection c : connections) {
            if (c.queue != null) c.queue.close();
            c.channel.close();
        }
    }

    private final class Connection implements Frames.Progress {
        final SocketChannel channel;
        volatile long frameStartedNanos;
        /** When a subscriber too slow to keep up is disconnected, whether it read why or not (0: not cut off). */
        volatile long cutOffAtNanos;
        /** The subscription this connection streams, or null. */
        volatile FrameQueue queue;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        RequestFrames.Admitted readFrame() throws IOException {
            try {
                return frames.read(channel, this);
            } finally {
                frameStartedNanos = 0;
            }
        }

        @Override
        public void frameStarted() {
            frameStartedNanos = System.nanoTime();
        }

        @Override
        public void frameWaiting() {
            frameStartedNanos = 0; // waiting for the budget is the daemon's doing, not a stalled sender's
        }
    }
}
