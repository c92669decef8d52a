package jpm.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** File descriptor checks Java has no API for, through libc {@code poll(2)} and {@code isatty(3)}. */
public final class Fds {
    private static final short POLLOUT = 0x004;
    private static final short POLLERR = 0x008;
    private static final short POLLHUP = 0x010;
    private static final short POLLNVAL = 0x020;
    /** Linked on first use; without FFM access the call fails and outputClosed answers false. */
    private static final Downcall POLL = new Downcall("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    private static final Downcall ISATTY = new Downcall("isatty", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Fds() {}

    /**
     * Whether {@code fd} is a terminal. Unlike {@code System.console().isTerminal()}, which wants
     * stdin to be one too, this asks about the one descriptor: what matters for what is written to
     * stdout is stdout ({@code jpm logs < /dev/null} still writes to the terminal). False when unknown.
     */
    public static boolean isTerminal(int fd) {
        try {
            return (int) ISATTY.get().invokeExact(fd) == 1;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Whether nobody can read what is written to {@code fd} any more: the read end of a pipe was
     * closed ({@code jpm logs | head} after head exits), a socket's peer hung up, a terminal was
     * closed. Answers without writing, like {@code tail -f} (coreutils' iopoll), so a follower
     * that has nothing to print still notices. False for regular files and when unknown.
     */
    public static boolean outputClosed(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, (short) 0); // no events: only errors and hang-ups are reported
            pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int n = (int) POLL.get().invokeExact(pollfd, 1L, 0);
            if (n <= 0) return false;
            short revents = pollfd.get(ValueLayout.JAVA_SHORT, 6);
            return (revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Whether a write to {@code fd} would take at least one byte now (POLLOUT: a pipe has a free
     * page, a socket room in its send buffer) and its reader is still there. Answers at once.
     */
    public static boolean writable(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLOUT);
            pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int n = (int) POLL.get().invokeExact(pollfd, 1L, 0);
            if (n <= 0) return false;
            short revents = pollfd.get(ValueLayout.JAVA_SHORT, 6);
            return (revents & POLLOUT) != 0 && (revents & (POLLERR | POLLHUP | POLLNVAL)) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
