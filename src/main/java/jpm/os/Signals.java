package jpm.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * Sends signals with libc {@code kill(2)} through the FFM API: Java has no way to signal a
 * process group ({@code kill(-pgid, sig)}), which is how jpm stops a whole app tree.
 */
public final class Signals {
    /** Linux x86_64/aarch64 numbers of the signals jpm uses or reports. */
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("SIGHUP", 1), Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGILL", 4),
            Map.entry("SIGTRAP", 5), Map.entry("SIGABRT", 6), Map.entry("SIGBUS", 7), Map.entry("SIGFPE", 8),
            Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10), Map.entry("SIGSEGV", 11), Map.entry("SIGUSR2", 12),
            Map.entry("SIGPIPE", 13), Map.entry("SIGALRM", 14), Map.entry("SIGTERM", 15), Map.entry("SIGCHLD", 17),
            Map.entry("SIGCONT", 18), Map.entry("SIGSTOP", 19), Map.entry("SIGTSTP", 20), Map.entry("SIGXCPU", 24),
            Map.entry("SIGXFSZ", 25), Map.entry("SIGWINCH", 28), Map.entry("SIGSYS", 31));

    private static final Downcall KILL = new Downcall("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));

    private Signals() {}

    public static int number(String name) {
        Integer n = NUMBERS.get(name);
        if (n == null) throw new IllegalArgumentException("unknown signal " + name);
        return n;
    }

    /** The name of a signal number, or "SIG" + n when unnamed here. */
    public static String name(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) return e.getKey();
        }
        return "SIG" + number;
    }

    /**
     * Whether a stop signal must be followed by SIGCONT, as systemd does: a stopped process
     * (SIGSTOP, SIGTSTP, a debugger) keeps a pending SIGTERM until it is continued, so without it
     * the app could not act on its stop signal before SIGKILL. Not after SIGKILL, which acts on a
     * stopped process anyway, nor after SIGCONT itself or a signal that stops.
     */
    public static boolean followedByContinue(String signal) {
        return switch (signal) {
            case "SIGKILL", "SIGCONT", "SIGSTOP", "SIGTSTP" -> false;
            default -> true;
        };
    }

    /** Signals every process of a group. Returns false when the group no longer exists. */
    public static boolean signalGroup(long pgid, String signal) {
        if (pgid <= 1) throw new IllegalArgumentException("refusing to signal process group " + pgid);
        return kill(-pgid, number(signal));
    }

    /** Signals one process. Returns false when it no longer exists. */
    public static boolean signalProcess(long pid, String signal) {
        if (pid <= 1) throw new IllegalArgumentException("refusing to signal pid " + pid);
        return kill(pid, number(signal));
    }

    /**
     * Whether a process group still has a member (zombies included): {@code kill(-pgid, 0)}, one
     * system call where a look at every process in /proc costs milliseconds.
     */
    public static boolean groupExists(long pgid) {
        if (pgid <= 1) throw new IllegalArgumentException("refusing to probe process group " + pgid);
        return kill(-pgid, 0);
    }

    private static boolean kill(long target, int sig) {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) KILL.get().invokeExact(state, (int) target, sig);
            if (rc == 0) return true;
            int errno = Libc.errno(state);
            if (errno == Libc.ESRCH) return false;
            throw new IllegalStateException("kill(" + target + ", " + sig + ") failed: " + Libc.strerror(errno));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
