package jpm.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import sun.misc.Signal;

/**
 * The daemon as a child subreaper: processes that lose their parent inside an app's tree
 * (double-forked daemons, orphans of a crashed main process) are re-parented to the daemon
 * instead of PID 1, so they can be found, killed and reaped. Reaping is done pid by pid with
 * {@code waitpid(pid, WNOHANG)} on adopted processes only, never {@code waitpid(-1)}, which
 * would steal the exit status of the processes the JDK itself waits for.
 */
public final class Reaper {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final Downcall PRCTL = new Downcall("prctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));

    private Reaper() {}

    /** Makes this process a child subreaper; false if the kernel refused. */
    public static boolean becomeSubreaper() {
        try {
            return (int) PRCTL.get().invokeExact(PR_SET_CHILD_SUBREAPER, 1L) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Runs {@code wake} after each SIGCHLD (a child of the daemon ended, or zombies were
     * re-parented to it), on a short-lived JDK thread: it should only post work. Signals that
     * arrive together come as one. False if the JVM refused the handler.
     */
    public static boolean onChildSignal(Runnable wake) {
        try {
            // The JDK resets SIGCHLD to its default the first time it starts a Process (ProcessImpl's
            // static initializer): have that happen now, not later over this handler.
            Class.forName("java.lang.ProcessImpl", true, ClassLoader.getSystemClassLoader());
            Signal.handle(new Signal("CHLD"), s -> wake.run());
            return true;
        } catch (ClassNotFoundException | IllegalArgumentException | LinkageError e) {
            return false;
        }
    }

    /**
     * Reaps every exited child of this process except those {@code waitedForElsewhere} (the
     * exit watcher's, which it reaps itself to read their status): pid by pid with
     * {@code waitpid(pid, WNOHANG)}, which leaves a live child alone. Children are listed from
     * /proc/self/task/N/children: an orphan is re-parented to some thread of a subreaper.
     * Returns how many were reaped. Call it from the thread that spawns children and hands them
     * to the exit watcher, so a fresh child is never taken for an orphan in between.
     */
    public static int reapChildren(LongPredicate waitedForElsewhere) {
        List<Long> others = new ArrayList<>();
        for (long pid : ProcFs.childrenOf(ProcessHandle.current().pid())) {
            if (!waitedForElsewhere.test(pid)) others.add(pid);
        }
        return Libc.reapExited(others);
    }

    /** Reaps one exited child if it is a zombie; true when it was reaped. */
    public static boolean reap(long pid) {
        return Libc.waitpid(pid, true) >= 0;
    }
}
