package jpm.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The daemon as a child subreaper: processes that lose their parent inside an app's tree
 * (double-forked daemons, orphans of a crashed main process) are re-parented to the daemon
 * instead of PID 1, so they can be found, killed and reaped. Reaping is done pid by pid with
 * {@code waitpid(pid, WNOHANG)} on adopted processes only, never {@code waitpid(-1)}, which
 * would steal the exit status of the processes the JDK itself waits for.
 */
public final class Reaper {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final MethodHandle PRCTL;
    private static final MethodHandle WAITPID;

    static {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        PRCTL = linker.downcallHandle(libc.find("prctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
        WAITPID = linker.downcallHandle(libc.find("waitpid").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private Reaper() {}

    /** Makes this process a child subreaper; false if the kernel refused. */
    public static boolean becomeSubreaper() {
        try {
            return (int) PRCTL.invokeExact(PR_SET_CHILD_SUBREAPER, 1L) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Reaps one exited child if it is a zombie; true when it was reaped. */
    public static boolean reap(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            return (int) WAITPID.invokeExact((int) pid, status, WNOHANG) == (int) pid;
        } catch (Throwable t) {
            return false;
        }
    }
}
