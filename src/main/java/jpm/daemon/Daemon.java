package jpm.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jpm.daemon.state.SavedState;
import jpm.home.JpmHome;
import jpm.metrics.MetricsListener;
import jpm.rpc.FrameQueue;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcServer;

/**
 * The daemon process: holds {@code daemon.lock} for its whole life (so exactly one daemon serves a
 * home, and a stale socket or pid file from a dead one never blocks a new one), binds the socket
 * with mode 0600, and runs the supervisor until {@code jpm kill} or SIGTERM.
 */
public final class Daemon {
    private final JpmHome home;
    /**
     * The exit status of a daemon that handed over to a successor under systemd (EX_TEMPFAIL):
     * the unit restarts on it, and the new daemon re-adopts the apps (docs/startup.md).
     */
    public static final int EXIT_FOR_SUCCESSOR = 75;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** What the process exits with once {@link #finished} opens (75 after an update under systemd). */
    private volatile int exitStatus;
    private final AtomicBoolean exiting = new AtomicBoolean();
    private Supervisor supervisor;
    private RpcServer server;
    private FileLock lock;
    /** The metrics listener, when asked for and started (docs/metrics.md); its classes load only then. */
    private MetricsListener metrics;

    private Daemon(JpmHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /**
     * Runs a daemon in this process until it is told to stop; returns the exit code. With
     * {@code resurrect}, a fresh start (no state.json: a boot, or after a deliberate stop) also
     * starts the apps of {@code jpm save}'s dump, as the systemd unit of {@code jpm startup} asks;
     * a daemon that re-adopts a crashed one's apps from state.json resurrects nothing.
     */
    public static int runForeground(JpmHome home, boolean resurrect, PrintStream out, PrintStream err) {
        return runForeground(home, resurrect, null, out, err);
    }

    /**
     * As above, with a metrics listener on {@code metricsAddress} (ADDR of {@code jpm daemon
     * --metrics}); when null, on {@code JPM_METRICS} of the daemon's environment, if set.
     */
    public static int runForeground(JpmHome home, boolean resurrect, String metricsAddress, PrintStream out, PrintStream err) {
        Daemon d = new Daemon(home, out);
        try {
            String env = System.getenv("JPM_METRICS");
            int rc = d.open(resurrect, metricsAddress != null ? metricsAddress : env == null || env.isBlank() ? null : env, err);
            if (rc != 0) return rc;
        } catch (IOException e) {
            err.println("jpm daemon: cannot start in " + home.dir() + ": " + e.getMessage());
            return 1;
        }
        try {
            d.finished.await();
            return d.exitStatus;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int open(boolean resurrect, String metricsAddress, PrintStream err) throws IOException {
        home.prepare();
        FileChannel lockChannel = FileChannel.open(home.daemonLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(home.daemonLock(), JpmHome.FILE_MODE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            String pid = Files.exists(home.pidFile()) ? Files.readString(home.pidFile()).trim() : "?";
            err.println("jpm daemon: already running for " + home.dir() + " (pid " + pid + ")");
            lockChannel.close();
            return 1;
        }
        // We hold the lock, so any socket or pid file left here belongs to a dead daemon.
        Path socket = home.socket();
        Files.deleteIfExists(socket);
        Path pidTmp = home.pidFile().resolveSibling("daemon.pid.tmp");
        Files.writeString(pidTmp, ProcessHandle.current().pid() + "\n");
        Files.setPosixFilePermissions(pidTmp, JpmHome.FILE_MODE);
        Files.move(pidTmp, home.pidFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // Orphans inside an app's tree come back to the daemon, so a stop finds and kills them too.
        if (!jpm.os.Reaper.becomeSubreaper()) log("warning: could not become a child subreaper; escaped processes go to PID 1");
        supervisor = new Supervisor(home, new Spawner(LogPaths.of(home)), System.getenv(), Clock.systemUTC(), this::log);
        boolean fresh = !supervisor.hasSavedState(); // before loading, which may set damaged files aside
        // read before the socket exists: a state file this build cannot read stops the start here,
        // and the client that spawned the daemon shows why (daemon.log) instead of a reset connection
        SavedState saved = supervisor.loadState();
        UserPrincipal owner = socket.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        server = RpcServer.bind(socket, owner, this::handle, this::log);
        server.onReplied(this::afterReply);
        server.onSubscribe(supervisor::openStream, eventQueue(System.getenv("JPM_EVENT_QUEUE")));
        Files.setPosixFilePermissions(socket, JpmHome.FILE_MODE);
        supervisor.restore(saved); // re-adopt what a previous daemon left running, before serving anyone
        supervisor.start();
        if (resurrect && fresh) {
            // posted before the server starts, so no client sees the daemon without these apps
            supervisor.handle(new Request.Resurrect())
                    .thenAccept(r -> log("fresh start: " + (r instanceof Response.Done done ? done.message() : r)));
        }
        if (metricsAddress != null) {
            // before the socket serves, so the first client's metrics request already names the listener
            metrics = MetricsListener.start(metricsAddress, home, () -> supervisor.handle(new Request.Metrics()),
                    supervisor::metricsListener, this::log);
        }
        server.start();
        supervisor.startSync(); // its looks apply through the socket, which serves now
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "jpm-shutdown"));
        log("daemon pid " + ProcessHandle.current().pid() + " serving " + home.dir() + " on " + socket);
        return 0;
    }

    /**
     * How many events a subscriber's queue holds ({@code JPM_EVENT_QUEUE}, docs/events.md): the
     * default, or the variable's value when it is a whole number from 100 to 1,000,000.
     */
    private int eventQueue(String value) {
        if (value == null || value.isBlank()) return FrameQueue.DEFAULT_CAPACITY;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 100 && n <= 1_000_000) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        log("JPM_EVENT_QUEUE=" + value + " is not a number from 100 to 1000000; using " + FrameQueue.DEFAULT_CAPACITY);
        return FrameQueue.DEFAULT_CAPACITY;
    }

    private CompletableFuture<Response> handle(Request request) {
        return supervisor.handle(request);
    }

    /**
     * After the reply to `kill` or `update` is on its way to the client (not before: closing the
     * server would cut it off), the daemon leaves. Only the kill that stopped everything ends the
     * daemon; a second one during a slow stop is answered "shutting down" and must not cut the
     * first one short. After `update` every app is left running; under systemd a distinct status
     * asks for a successor.
     */
    private void afterReply(Request request, Response response) {
        if (request instanceof Request.Kill && response instanceof Response.Done) {
            Thread.ofPlatform().name("jpm-exit").start(() -> exit(0));
        } else if (request instanceof Request.Update && response instanceof Response.HandedOver h) {
            Thread.ofPlatform().name("jpm-exit").start(() -> exit(h.systemd() ? EXIT_FOR_SUCCESSOR : 0));
        }
    }

    /** SIGTERM / SIGINT: stop every app (bounded), then leave like `jpm kill`. */
    private void onSignal() {
        if (exiting.get()) return;
        log("signal received: stopping all apps");
        try {
            supervisor.stopEverything().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("stopping apps on shutdown: " + e);
        }
        cleanup();
    }

    private void exit(int status) {
        exitStatus = status; // before cleanup opens the latch: main returns this, not 0
        cleanup();
        System.exit(status);
    }

    private void cleanup() {
        if (!exiting.compareAndSet(false, true)) return;
        if (metrics != null) metrics.close();
        supervisor.flushLogs(); // piped apps outlive an update: what was read must reach the files
        try {
            server.close();
            Files.deleteIfExists(home.socket());
            Files.deleteIfExists(home.pidFile());
            lock.release();
        } catch (IOException e) {
            log("cleanup: " + e);
        }
        log("daemon exits");
        finished.countDown();
    }

    private synchronized void log(String line) {
        out.println(Instant.now() + " " + line);
        out.flush();
    }
}
