package jpm.cli.monit;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import jpm.cli.monit.MonitState.Order;
import jpm.logs.LogFollower;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/**
 * What monit learns from the daemon, as updates of its state for the shell's thread to apply:
 * the bus's events (one subscription, as {@code jpm events}), an {@code ls} every
 * {@link #POLL_MS} ms and right after an event (status, cpu, memory), and the selected
 * instance's log files, followed as {@code jpm logs} does. Also carries out the orders keys give,
 * one at a time, off the shell's thread. Each source has a daemon thread of its own.
 */
final class Feed implements AutoCloseable {
    static final long POLL_MS = 1000;
    static final long LOG_POLL_MS = 150;
    /** Lines of each log file shown when an instance is selected. */
    static final int FIRST_LOG_LINES = 50;
    static final String GONE = "the daemon went away (`jpm ping` starts it again)";

    private final DaemonLink link;
    private final BlockingQueue<Consumer<MonitState>> updates = new LinkedBlockingQueue<>();
    private final ExecutorService orders = Executors.newSingleThreadExecutor(r -> daemonThread(r, "jpm-monit-orders"));
    private final Object wake = new Object();
    private boolean woken;
    private volatile boolean closed;
    private volatile String ended;
    private volatile RpcClient stream;
    private volatile List<String> logFiles = List.of();

    Feed(DaemonLink link) {
        this.link = link;
    }

    void start() {
        daemonThread(this::events, "jpm-monit-events").start();
        daemonThread(this::poll, "jpm-monit-ls").start();
        daemonThread(this::logs, "jpm-monit-logs").start();
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The next update, waiting at most until there is one (null when none came). */
    Consumer<MonitState> nextUpdate() {
        return updates.poll();
    }

    /** Why the session must end (the daemon went away), or null. */
    String ended() {
        return ended;
    }

    /** The log files to follow: the selected instance's stdout and stderr files (nulls skipped). */
    void follow(String out, String err) {
        List<String> files = new ArrayList<>(2);
        files.add(out);
        files.add(err);
        if (!files.equals(logFiles)) logFiles = files;
    }

    /** Sends an order's request; its answer, or its failure, comes back as the bottom line's message. */
    void carryOut(Order o) {
        orders.submit(() -> {
            String said;
            try (RpcClient c = link.connect()) {
                if (c == null) said = "no daemon answers";
                else {
                    Response r = c.call(request(o));
                    said = r instanceof Response.Failure f ? verb(o) + " " + o.label() + " failed: " + f.message() : done(o);
                }
            } catch (IOException | RuntimeException e) {
                said = verb(o) + " " + o.label() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            String message = said;
            updates.add(s -> s.message(message));
            refreshSoon();
        });
    }

    static Request request(Order o) {
        return switch (o.verb()) {
            case RESTART -> new Request.Restart(o.target());
            case STOP -> new Request.Stop(o.target());
            case START -> new Request.StartKnown(o.target());
            case RELOAD -> new Request.Reload(o.target());
            case DELETE -> new Request.Delete(o.target());
            case QUIT -> throw new IllegalArgumentException("quit is not a request");
        };
    }

    /** "restarting api#0" while the order runs. */
    static String verb(Order o) {
        return switch (o.verb()) {
            case RESTART -> "restart";
            case STOP -> "stop";
            case START -> "start";
            case RELOAD -> "reload";
            case DELETE -> "delete";
            case QUIT -> "quit";
        };
    }

    static String done(Order o) {
        return switch (o.verb()) {
            case RESTART -> "restarted ";
            case STOP -> "stopped ";
            case START -> "started ";
            case RELOAD -> "reloaded ";
            case DELETE -> "deleted ";
            case QUIT -> "";
        } + o.label();
    }

    /** An {@code ls} now rather than at the next tick (an event said something changed). */
    void refreshSoon() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void events() {
        try (RpcClient c = link.connect()) {
            if (c == null) {
                end("no jpm daemon answers (`jpm ping` starts one)");
                return;
            }
            stream = c;
            c.send(new Request.Subscribe(null, List.of()));
            for (Response r = c.read(); !closed; r = c.read()) {
                switch (r) {
                    case Response.Event e -> {
                        if (e.event() instanceof Map<?, ?> m) updates.add(s -> s.event(m));
                        refreshSoon();
                    }
                    case Response.Dropped d -> updates.add(s -> s.dropped(d.count()));
                    case Response.Failure f -> {
                        end("the daemon refused the event stream: " + f.message());
                        return;
                    }
                    default -> { } // Subscribed, and kinds a newer daemon may add
                }
            }
        } catch (EOFException e) {
            end(GONE);
        } catch (IOException | RuntimeException e) {
            // a daemon killed outright resets the connection (an IOException without a message)
            end(e.getMessage() == null ? GONE : GONE + ": " + e.getMessage());
        }
    }

    private void end(String why) {
        if (!closed) ended = why;
    }

    private void poll() {
        RpcClient c = null;
        while (!closed) {
            try {
                if (c == null) c = link.connect();
                if (c != null && c.call(new Request.ListInstances()) instanceof Response.Instances l) {
                    updates.add(s -> s.instances(l.instances()));
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(c);
                c = null; // the events' thread tells whether the daemon is gone; try again at the next tick
            }
            synchronized (wake) {
                try {
                    if (!woken) wake.wait(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                woken = false;
            }
        }
        closeQuietly(c);
    }

    private void logs() {
        List<String> current = null;
        List<LogFollower> followers = new ArrayList<>();
        List<Boolean> stderr = new ArrayList<>();
        ByteBuffer scratch = LogFollower.newBuffer();
        while (!closed) {
            List<String> want = logFiles;
            if (!want.equals(current)) {
                current = want;
                followers.forEach(Feed::closeQuietly);
                followers.clear();
                stderr.clear();
                updates.add(MonitState::clearLogs);
                for (int k = 0; k < want.size(); k++) {
                    if (want.get(k) == null || (k == 1 && Objects.equals(want.get(0), want.get(1)))) continue;
                    followers.add(new LogFollower(Path.of(want.get(k)), FIRST_LOG_LINES));
                    stderr.add(k == 1);
                }
            }
            boolean more = false;
            List<MonitState.LogRow> lines = new ArrayList<>();
            long now = System.nanoTime() / 1_000_000;
            for (int k = 0; k < followers.size(); k++) {
                boolean err = stderr.get(k);
                try {
                    more |= followers.get(k).poll(now, scratch, b -> lines.add(new MonitState.LogRow(new String(b, StandardCharsets.UTF_8), err)));
                } catch (IOException e) {
                    // not there yet, or rotated away: looked at again at the next poll
                }
            }
            if (!lines.isEmpty()) updates.add(s -> lines.forEach(l -> s.logLine(l.text(), l.err())));
            if (!more) {
                try {
                    Thread.sleep(LOG_POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        followers.forEach(Feed::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do about it
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(stream);
        orders.shutdownNow();
        refreshSoon();
    }
}
