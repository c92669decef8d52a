package jpm.daemon;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import jpm.os.Reaper;

/**
 * Reaps the daemon's exited children that nothing else waits for: pipe holders, and the
 * orphans of apps' trees, which come to the daemon as a child subreaper (an app that leaves
 * a thousand unreaped children and exits hands them all over as zombies). A sweep runs on the
 * supervisor loop after SIGCHLD or an instance's exit; a burst of them before it runs makes one
 * sweep, and an idle daemon gets no signal and does nothing. The exit watcher's children are left to it: it reaps
 * each with its own {@code waitpid(pid)} for the status. Never {@code waitpid(-1)}, which would
 * take an instance's status from it.
 */
final class ChildReaper {
    private final AtomicBoolean due = new AtomicBoolean();
    private final Consumer<Runnable> loop;
    private final LongPredicate waitedForElsewhere;
    /** No more sweeps (a supervisor that ends inside a JVM that lives on: tests). */
    private volatile boolean closed;

    /** {@code loop} posts to the thread that spawns children (see {@link Reaper#reapChildren}). */
    ChildReaper(Consumer<Runnable> loop, LongPredicate waitedForElsewhere) {
        this.loop = loop;
        this.waitedForElsewhere = waitedForElsewhere;
    }

    /** Sweeps after every SIGCHLD from now on; false if the JVM refused the handler (the /proc scan then reaps). */
    boolean onChildSignal() {
        return Reaper.onChildSignal(this::request);
    }

    /**
     * From any thread (the SIGCHLD handler, the exit watcher): one sweep on the loop, unless one
     * is queued already. The exit watcher asks before it posts an instance's exit, so the orphans
     * that came with it are gone before the exit's /proc pass would meet them all.
     */
    void request() {
        if (!closed && due.compareAndSet(false, true)) loop.accept(this::sweep);
    }

    /** Sweeps no more: the SIGCHLD handler stays (the JVM keeps it) but does nothing. */
    void close() {
        closed = true;
    }

    /** On the loop: reaps what is there now. A signal during the sweep asks for another. */
    int sweep() {
        due.set(false);
        return Reaper.reapChildren(waitedForElsewhere);
    }
}
