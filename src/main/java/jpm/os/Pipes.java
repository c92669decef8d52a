package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The daemon's end of an app's stdin pipe ({@code stdin: message}): written without ever
 * waiting, since the daemon's one loop writes it. O_NONBLOCK is set on the daemon's open file
 * description only: the app's read end, a description of its own, stays blocking as programs
 * expect of their stdin.
 */
public final class Pipes {
    /** write's answer when the pipe is full: the app has not read what is there. */
    public static final int EAGAIN = Libc.EAGAIN;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int AT_FDCWD = -100;
    private static final Downcall OPENAT = new Downcall("openat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(3), Linker.Option.captureCallState("errno"));

    private Pipes() {}

    /** Makes writes to {@code fd} fail with EAGAIN rather than wait (and only for this description). */
    public static void setNonBlocking(int fd) throws IOException {
        int flags = Libc.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(fd, F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
            throw new IOException("cannot make the pipe non-blocking: " + Libc.strerror(flags < 0 ? -flags : Libc.EAGAIN));
        }
    }

    /**
     * Opens a pipe for writing, without waiting, through a path such as {@code /proc/PID/fd/0}:
     * a new description of the same pipe, non-blocking and close-on-exec. Fails (ENXIO) when
     * nothing holds the pipe's read end.
     */
    public static int openForWriting(String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) OPENAT.get().invokeExact(state, AT_FDCWD, arena.allocateFrom(path),
                    Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
            if (fd < 0) throw new IOException("cannot open " + path + " for writing: " + Libc.strerror(Libc.errno(state)));
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * One write of {@code bytes[off, off+len)} to a non-blocking pipe: how many bytes it took
     * (fewer than {@code len} when it had less room), or the errno negated: {@code -EAGAIN} when
     * it is full, {@code -EPIPE} when nothing reads it any more.
     */
    public static long write(int fd, byte[] bytes, int off, int len) {
        return Libc.writeSome(fd, bytes, off, len);
    }

    public static void close(int fd) {
        Libc.close(fd);
    }
}
