package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The few libc calls the spawner and the exit watcher share: downcall lookup, errno capture,
 * {@code strerror}, {@code close}, {@code pipe2}, {@code waitpid} and {@code pidfd_open}.
 * Linux only (x86_64 and aarch64 share the numbers used here).
 */
final class Libc {
    static final Linker LINKER = Linker.nativeLinker();
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    /** The one flag here whose value differs between the two architectures. */
    static final int O_NOFOLLOW = "aarch64".equals(System.getProperty("os.arch")) ? 0100000 : 0400000;
    static final int EINTR = 4;
    /** A non-blocking descriptor that would block (EWOULDBLOCK too, on Linux). */
    static final int EAGAIN = 11;
    static final int ECHILD = 10;
    static final int ESRCH = 3;
    /** The same number on every Linux architecture (the unified syscall table since 5.x). */
    private static final long SYS_PIDFD_OPEN = 434;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Downcall STRERROR = new Downcall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final Downcall CLOSE = new Downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final Downcall PIPE2 = new Downcall("pipe2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final Downcall WAITPID = new Downcall("waitpid",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final Downcall SYSCALL2 = new Downcall("syscall",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final Downcall WRITE = new Downcall("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    private static final Downcall FCNTL = new Downcall("fcntl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final Downcall READ = new Downcall("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));

    private Libc() {}

    static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd, options);
    }

    static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.get().invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static void close(int fd) {
        if (fd < 0) return;
        try {
            int ignored = (int) CLOSE.get().invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A pipe with both ends close-on-exec (children get them only where a file action places them): {read, write}. */
    static int[] pipe(int extraFlags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            MemorySegment state = captureState(arena);
            int rc = (int) PIPE2.get().invokeExact(state, fds, O_CLOEXEC | extraFlags);
            if (rc != 0) throw new IOException("pipe2: " + strerror(errno(state)));
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A pidfd for a process, or -1 with the errno negated (-ESRCH: no such process). */
    static int pidfdOpen(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            long rc = (long) SYSCALL2.get().invokeExact(state, SYS_PIDFD_OPEN, (int) pid, 0);
            return rc >= 0 ? (int) rc : -errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Waits for (and reaps) one child: its raw wait status, or -errno (-ECHILD: not a child of
     * ours, or already reaped). With {@code noHang}, Integer.MIN_VALUE while it still runs.
     */
    static int waitpid(long pid, boolean noHang) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = captureState(arena);
            while (true) {
                int rc = (int) WAITPID.get().invokeExact(state, (int) pid, status, noHang ? 1 : 0);
                if (rc == (int) pid) return status.get(ValueLayout.JAVA_INT, 0);
                if (rc == 0) return Integer.MIN_VALUE;
                int e = errno(state);
                if (e != EINTR) return -e;
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reaps those of {@code pids} that have exited ({@code waitpid(pid, WNOHANG)} each, one
     * arena for all: a thousand orphans arrive at once): how many were reaped.
     */
    static int reapExited(List<Long> pids) {
        int reaped = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = captureState(arena);
            for (long pid : pids) {
                while (true) {
                    int rc = (int) WAITPID.get().invokeExact(state, (int) pid, status, 1);
                    if (rc == (int) pid) reaped++;
                    if (rc >= 0 || errno(state) != EINTR) break;
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return reaped;
    }

    /** read(2) into {@code into}, retried on EINTR: the count, 0 at the end, -1 on an error (EAGAIN included). */
    static int read(int fd, byte[] into) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(into.length);
            MemorySegment state = captureState(arena);
            while (true) {
                long n = (long) READ.get().invokeExact(state, fd, buf, (long) into.length);
                if (n >= 0) {
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, into, 0, (int) n);
                    return (int) n;
                }
                if (errno(state) != EINTR) return -1;
            }
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Writes all of {@code bytes}; false if the fd refuses (the peer is gone). */
    static boolean write(int fd, byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment state = captureState(arena);
            long off = 0;
            while (off < bytes.length) {
                long n = (long) WRITE.get().invokeExact(state, fd, buf.asSlice(off), (long) bytes.length - off);
                if (n < 0 && errno(state) == EINTR) continue;
                if (n <= 0) return false;
                off += n;
            }
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * One write(2) of {@code bytes[off, off+len)}, retried on EINTR only: how many bytes went (a
     * non-blocking descriptor may take fewer), or the errno negated (-EAGAIN: it would block).
     */
    static long writeSome(int fd, byte[] bytes, int off, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(bytes, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            MemorySegment state = captureState(arena);
            while (true) {
                long n = (long) WRITE.get().invokeExact(state, fd, buf, (long) len);
                if (n >= 0) return n;
                int e = errno(state);
                if (e != EINTR) return -e;
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** fcntl(2) with an int argument: its result, or the errno negated. */
    static int fcntl(int fd, int cmd, int arg) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) FCNTL.get().invokeExact(state, fd, cmd, arg);
            return rc >= 0 ? rc : -errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void writeByte(int fd) {
        write(fd, new byte[1]);
    }

    /** Reads and drops what a non-blocking fd holds. */
    static void drain(int fd) {
        byte[] buf = new byte[64];
        while (read(fd, buf) > 0) {
            // dropped: the bytes only wake the poll
        }
    }
}
