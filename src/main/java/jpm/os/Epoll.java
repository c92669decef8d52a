package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An epoll set of descriptors, each watched for readability (level-triggered) and told by its
 * own number. The kernel keeps the set, so adding or removing one descriptor costs the same
 * whatever the set's size, and a wait returns only the ready ones: a poll(2) array would be
 * rebuilt and scanned whole on every wake-up. {@link #add} and {@link #remove} may be called
 * from any thread while another waits ({@code epoll_ctl} is safe against a concurrent
 * {@code epoll_wait}); {@link #await} from one thread only.
 */
final class Epoll {
    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 0x001;
    /**
     * struct epoll_event { uint32_t events; epoll_data_t data; } is packed on x86_64 (12 bytes,
     * data at 4) and naturally aligned elsewhere (16 bytes, data at 8).
     */
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA_OFFSET = PACKED ? 4 : 8;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private static final Downcall CREATE = new Downcall("epoll_create1",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final Downcall CTL = new Downcall("epoll_ctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
    private static final Downcall WAIT = new Downcall("epoll_wait",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private final int epfd;
    /** The waiting thread's buffers, reused by every wait. */
    private final MemorySegment events;
    private final MemorySegment waitState;
    private final int maxEvents;

    Epoll(int maxEvents) throws IOException {
        this.maxEvents = maxEvents;
        this.events = Arena.global().allocate(EVENT_SIZE * maxEvents, 8);
        this.waitState = Libc.captureState(Arena.global());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) CREATE.get().invokeExact(state, EPOLL_CLOEXEC);
            if (fd < 0) throw new IOException("epoll_create1: " + Libc.strerror(Libc.errno(state)));
            this.epfd = fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Watches {@code fd} for readability; 0, or the errno negated. */
    int add(int fd) {
        return ctl(EPOLL_CTL_ADD, fd);
    }

    /** Stops watching {@code fd} (before it is closed: its number may be reused at once). */
    int remove(int fd) {
        return ctl(EPOLL_CTL_DEL, fd);
    }

    private int ctl(int op, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(EVENT_SIZE, 8);
            ev.set(INT, 0, EPOLLIN);
            ev.set(INT, DATA_OFFSET, fd);
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) CTL.get().invokeExact(state, epfd, op, fd, ev);
            return rc == 0 ? 0 : -Libc.errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Blocks until at least one descriptor is ready and puts the ready ones in {@code ready}
     * (which must hold {@code maxEvents}); their count, 0 on EINTR.
     */
    int await(int[] ready) throws IOException {
        int n;
        try {
            n = (int) WAIT.get().invokeExact(waitState, epfd, events, maxEvents, -1);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (n < 0) {
            int errno = Libc.errno(waitState);
            if (errno == Libc.EINTR) return 0;
            throw new IOException("epoll_wait: " + Libc.strerror(errno));
        }
        for (int i = 0; i < n; i++) ready[i] = events.get(INT, i * EVENT_SIZE + DATA_OFFSET);
        return n;
    }

    int maxEvents() {
        return maxEvents;
    }
}
