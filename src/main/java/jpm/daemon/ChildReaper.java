package jpm.daemon;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import jpm.os.Reaper;

/**
 * Reaps the daemon's exited children that nothing else waits for: pipe holders, and the
 * orphans of apps' trees, which come to the daemon as a child subreaper (an app that leaves
 * a thousand unreaped children and exits hands them all over as zombies). A sweep runs on the
 * supervisor loop after SIGCHLD; a burst of signals before it runs makes one sweep, and an idle
 * daemon gets no signal and does nothing. The exit watcher's children are left to it: it reaps
 * each with its own {@code waitpid(pid)} for the status. Never {@code waitpid(-1)}, which would
 * take an instance's status from it.
 */
final class ChildReaper {
    private final AtomicBoolean due = new AtomicBoolean();
    private final Consumer<Runnable> loop;
    private final LongPredicate waitedForElsewhere;

    /** {@code loop} posts to the thread that spawns children (see {@link Reaper#reapChildren}). */
    ChildReaper(Consumer<Runnable> loop, LongPredicate waitedForElsewhere) {
        this.loop = loop;
        this.waitedForElsewhere = waitedForElsewhere;
    }

    /** Sweeps after every SIGCHLD from now on; false if the JVM refused the handler (the /proc scan then reaps). */
    boolean onChildSignal() {
        return Reaper.onChildSignal(this::request);
    }

    /** From any thread: one sweep on the loop, unless one is asked for already. */
    void request() {
        if (due.compareAndSet(false, true)) loop.accept(this::sweepIfDue);
    }

    /**
     * On the loop: the sweep a SIGCHLD asked for, if it has not run yet. Called early where it
     * pays (an instance's exit brings its orphans along, and the exit's /proc pass would meet
     * them all); the queued task then finds nothing due.
     */
    void sweepIfDue() {
        if (due.getAndSet(false)) Reaper.reapChildren(waitedForElsewhere);
    }

    /** On the loop: reaps what is there now. A signal during the sweep asks for another. */
    int sweep() {
        due.set(false);
        return Reaper.reapChildren(waitedForElsewhere);
    }
}
