package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sockets as raw descriptors, which is what a child needs on fd 3 or 4 and what Java's socket
 * classes never hand out: the listening sockets of cluster mode, Node's IPC socketpair, and the
 * sd_notify datagram socket. All close-on-exec in the daemon ({@link PosixSpawn} places them).
 */
public final class Sockets {
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_PASSCRED = 16;
    private static final int SO_REUSEPORT = 15;
    private static final int SCM_CREDENTIALS = 2;
    /** recvmsg's msg_flags: the datagram was longer than the buffer. */
    private static final int MSG_TRUNC = 0x20;
    /** As systemd and nginx: the kernel caps it at net.core.somaxconn anyway. */
    private static final int BACKLOG = 4096;

    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Downcall SOCKET = new Downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ERRNO);
    private static final Downcall SETSOCKOPT = new Downcall("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);
    private static final Downcall BIND = new Downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);
    private static final Downcall LISTEN = new Downcall("listen",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ERRNO);
    private static final Downcall SOCKETPAIR = new Downcall("socketpair", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), ERRNO);
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final Downcall SENDMSG = new Downcall("sendmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);
    private static final Downcall RECVMSG = new Downcall("recvmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);

    private Sockets() {}

    /**
     * A TCP socket bound to {@code address:port} with SO_REUSEPORT (so that several, in this
     * daemon, its apps or a later daemon, share the port and the kernel spreads connections over
     * them) and listening.
     *
     * @throws IOException "cannot listen on 0.0.0.0:80: Permission denied", and so on
     */
    public static int listenTcp(String address, int port) throws IOException {
        InetAddress ip = InetAddress.ofLiteral(address);
        boolean v6 = ip instanceof Inet6Address;
        String where = "cannot listen on " + (v6 ? "[" + address + "]" : address) + ":" + port;
        return socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, where, (arena, state, fd) -> {
            option(arena, fd, SO_REUSEADDR);
            option(arena, fd, SO_REUSEPORT);
            byte[] raw = ip.getAddress();
            MemorySegment sa;
            if (v6) { // struct sockaddr_in6 { u16 family; u16 port; u32 flowinfo; u8 addr[16]; u32 scope_id; }
                sa = arena.allocate(28);
                sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
                MemorySegment.copy(raw, 0, sa, ValueLayout.JAVA_BYTE, 8, 16);
            } else { // struct sockaddr_in { u16 family; u16 port; u8 addr[4]; u8 zero[8]; }
                sa = arena.allocate(16);
                sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
                MemorySegment.copy(raw, 0, sa, ValueLayout.JAVA_BYTE, 4, 4);
            }
            sa.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8)); // network byte order
            sa.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
            if ((int) BIND.get().invokeExact(state, fd, sa, (int) sa.byteSize()) != 0 || (int) LISTEN.get().invokeExact(state, fd, BACKLOG) != 0) {
                throw new IOException(where + ": " + Libc.strerror(Libc.errno(state)));
            }
        });
    }

    /** What is done to a fresh socket before it is handed out; a failure closes it. */
    private interface Setup {
        void apply(Arena arena, MemorySegment errnoState, int fd) throws Throwable;
    }

    /** A close-on-exec socket, set up, or closed again and an IOException starting with {@code what}. */
    private static int socket(int domain, int type, String what, Setup setup) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) SOCKET.get().invokeExact(state, domain, type | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new IOException(what + ": " + Libc.strerror(Libc.errno(state)));
            try {
                setup.apply(arena, state, fd);
                return fd;
            } catch (Throwable e) {
                Libc.close(fd);
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void option(Arena arena, int fd, int name) throws Throwable {
        MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
        MemorySegment state = Libc.captureState(arena);
        if ((int) SETSOCKOPT.get().invokeExact(state, fd, SOL_SOCKET, name, one, 4) != 0) {
            throw new IOException("setsockopt(" + name + "): " + Libc.strerror(Libc.errno(state)));
        }
    }

    /** A connected pair of Unix stream sockets (Node's IPC channel: one end to the child as fd 4). */
    public static int[] streamPair() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            MemorySegment state = Libc.captureState(arena);
            if ((int) SOCKETPAIR.get().invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
                throw new IOException("socketpair: " + Libc.strerror(Libc.errno(state)));
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * A Unix datagram socket bound at {@code path} (removed first if stale) that receives the
     * sender's credentials with each message (SO_PASSCRED): the sd_notify socket.
     */
    public static int bindDatagram(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > 107) throw new IOException("socket path too long: " + path);
        java.nio.file.Files.deleteIfExists(path);
        String where = "cannot bind " + path;
        return socket(AF_UNIX, SOCK_DGRAM, where, (arena, state, fd) -> {
            option(arena, fd, SO_PASSCRED);
            MemorySegment sa = arena.allocate(110); // struct sockaddr_un { u16 family; char path[108]; }
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, sa, ValueLayout.JAVA_BYTE, 2, name.length);
            if ((int) BIND.get().invokeExact(state, fd, sa, 2 + name.length + 1) != 0) {
                throw new IOException(where + ": " + Libc.strerror(Libc.errno(state)));
            }
        });
    }

    /** The largest datagram {@link #receive} reads whole; a longer one arrives {@code truncated}. */
    public static final int MAX_DATAGRAM = 64 * 1024;

    /**
     * One datagram and the pid of the process that sent it (0 if the kernel did not say).
     *
     * @param truncated it was longer than {@link #MAX_DATAGRAM}: {@code text} is its beginning only
     */
    public record Datagram(long senderPid, String text, boolean truncated) {}

    /** Waits for the next datagram on a socket from {@link #bindDatagram}; null once the socket is closed. */
    public static Datagram receive(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(MAX_DATAGRAM);
            MemorySegment iov = arena.allocate(16, 8); // struct iovec { void *base; size_t len; }
            iov.set(ValueLayout.ADDRESS, 0, buf);
            iov.set(ValueLayout.JAVA_LONG, 8, buf.byteSize());
            MemorySegment control = arena.allocate(64, 8);
            // struct msghdr { void *name; u32 namelen; (pad) struct iovec *iov; size_t iovlen; void *control; size_t controllen; int flags; }
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(ValueLayout.ADDRESS, 16, iov);
            msg.set(ValueLayout.JAVA_LONG, 24, 1L);
            msg.set(ValueLayout.ADDRESS, 32, control);
            msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
            MemorySegment state = Libc.captureState(arena);
            while (true) {
                long n = (long) RECVMSG.get().invokeExact(state, fd, msg, 0);
                if (n >= 0) {
                    long pid = 0;
                    // struct cmsghdr { size_t len; int level; int type; } then struct ucred { int pid, uid, gid; }
                    long controlLen = msg.get(ValueLayout.JAVA_LONG, 40);
                    if (controlLen >= 16 + 12 && control.get(ValueLayout.JAVA_INT, 8) == SOL_SOCKET
                            && control.get(ValueLayout.JAVA_INT, 12) == SCM_CREDENTIALS) {
                        pid = control.get(ValueLayout.JAVA_INT, 16);
                    }
                    byte[] bytes = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                    boolean truncated = (msg.get(ValueLayout.JAVA_INT, 48) & MSG_TRUNC) != 0;
                    return new Datagram(pid, new String(bytes, StandardCharsets.UTF_8), truncated);
                }
                int e = Libc.errno(state);
                if (e == Libc.EINTR) continue;
                if (e == 9 /* EBADF */) return null;
                throw new IOException("recvmsg: " + Libc.strerror(e));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Writes {@code bytes} on a Unix stream socket with a copy of descriptor {@code pass}
     * attached to the first byte (SCM_RIGHTS), as Node's IPC channel expects a handle: the
     * receiver gets the descriptor with the read that returns that byte. False if the peer is gone.
     */
    public static boolean writeWithFd(int fd, byte[] bytes, int pass) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment iov = arena.allocate(16, 8); // struct iovec { void *base; size_t len; }
            iov.set(ValueLayout.ADDRESS, 0, buf);
            iov.set(ValueLayout.JAVA_LONG, 8, bytes.length);
            // CMSG_SPACE(sizeof(int)) = 24: struct cmsghdr { size_t len; int level; int type; } + int, padded to 8
            MemorySegment control = arena.allocate(24, 8);
            control.set(ValueLayout.JAVA_LONG, 0, 20L); // CMSG_LEN(sizeof(int))
            control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
            control.set(ValueLayout.JAVA_INT, 16, pass);
            MemorySegment msg = arena.allocate(56, 8); // struct msghdr, as in receive()
            msg.set(ValueLayout.ADDRESS, 16, iov);
            msg.set(ValueLayout.JAVA_LONG, 24, 1L);
            msg.set(ValueLayout.ADDRESS, 32, control);
            msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
            MemorySegment state = Libc.captureState(arena);
            long n;
            do {
                n = (long) SENDMSG.get().invokeExact(state, fd, msg, MSG_NOSIGNAL);
            } while (n < 0 && Libc.errno(state) == Libc.EINTR);
            if (n <= 0) return false;
            // the descriptor went with the first byte; a short write's rest is plain data
            return n == bytes.length || Libc.write(fd, java.util.Arrays.copyOfRange(bytes, (int) n, bytes.length));
        } catch (Throwable t) {
            return false;
        }
    }

    /** Blocking read(2) into {@code into}: the count, 0 at the end, -1 on an error. */
    public static int read(int fd, byte[] into) {
        return Libc.read(fd, into);
    }

    /** Writes all of {@code bytes}; false if the peer is gone. */
    public static boolean write(int fd, byte[] bytes) {
        return Libc.write(fd, bytes);
    }

    public static void close(int fd) {
        Libc.close(fd);
    }

    private static final Downcall SHUTDOWN = new Downcall("shutdown",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** shutdown(SHUT_RDWR): a thread blocked reading the socket sees its end, the peer too. */
    public static void shutdown(int fd) {
        try {
            int ignored = (int) SHUTDOWN.get().invokeExact(fd, 2);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
