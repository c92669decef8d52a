package jpm.daemon;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import jpm.os.Reaper;

/**
 * Reaps the daemon's exited children that nothing else waits for: pipe holders, and the
 * orphans of apps' trees, which come to the daemon as a child subreaper (an app that leaves
 * a thousand unreaped children and exits hands them all over as zombies). A sweep runs on the
 * supervisor loop after SIGCHLD or an instance's exit, at most one per {@link #MIN_SPACING_NANOS};
 * a burst of them before it runs makes one sweep, and an idle daemon gets no signal and does nothing. The exit watcher's children are left to it: it reaps
 * each with its own {@code waitpid(pid)} for the status. Never {@code waitpid(-1)}, which would
 * take an instance's status from it.
 */
final class ChildReaper {
    /**
     * The least time between two sweeps. Each reads the daemon's list of children, all of them:
     * at one sweep per exit, a `delete all` of 10,000 instances read 10,000 lists of up to
     * 10,000 pids. A zombie waits at most this long more.
     */
    static final long MIN_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AtomicBoolean due = new AtomicBoolean();
    private final Consumer<Runnable> loop;
    private final ScheduledExecutorService timers;
    private final LongPredicate waitedForElsewhere;
    private volatile long lastSweepNanos = System.nanoTime() - MIN_SPACING_NANOS;
    /** No more sweeps (a supervisor that ends inside a JVM that lives on: tests). */
    private volatile boolean closed;

    /** {@code loop} posts to the thread that spawns children (see {@link Reaper#reapChildren}). */
    ChildReaper(Consumer<Runnable> loop, ScheduledExecutorService timers, LongPredicate waitedForElsewhere) {
        this.loop = loop;
        this.timers = timers;
        this.waitedForElsewhere = waitedForElsewhere;
    }

    /** Sweeps after every SIGCHLD from now on; false if the JVM refused the handler (the /proc scan then reaps). */
    boolean onChildSignal() {
        return Reaper.onChildSignal(this::request);
    }

    /**
     * From any thread (the SIGCHLD handler, the exit watcher): one sweep on the loop, unless one
     * is queued already, and no sooner than {@link #MIN_SPACING_NANOS} after the last. The exit
     * watcher asks at each instance's exit, for the orphans that came with it.
     */
    void request() {
        if (closed || !due.compareAndSet(false, true)) return;
        long wait = lastSweepNanos + MIN_SPACING_NANOS - System.nanoTime();
        if (wait <= 0) loop.accept(this::sweep);
        else timers.schedule(() -> loop.accept(this::sweep), wait, TimeUnit.NANOSECONDS);
    }

    /** Sweeps no more: the SIGCHLD handler stays (the JVM keeps it) but does nothing. */
    void close() {
        closed = true;
    }

    /** On the loop: reaps what is there now. A signal during the sweep asks for another. */
    int sweep() {
        due.set(false);
        try {
            return Reaper.reapChildren(waitedForElsewhere);
        } finally {
            lastSweepNanos = System.nanoTime();
        }
    }
}
