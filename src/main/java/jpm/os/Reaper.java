package jpm.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;

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

    /** Reaps one exited child if it is a zombie; true when it was reaped. */
    public static boolean reap(long pid) {
        return Libc.waitpid(pid, true) >= 0;
    }
}
