package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves the directory of a log file one component at a time, the way the kernel would but
 * with {@link SymlinkRule} applied to every symbolic link on the way (O_NOFOLLOW guards only the
 * last component of an open). Each component is opened once, relative to the descriptor of the
 * directory before it ({@code openat(O_PATH|O_NOFOLLOW)}), and what was opened is what is
 * examined ({@code statx} on that descriptor, {@code readlinkat} on the link itself): nobody can
 * swap a directory for a link between the check and the use. Missing directories are created
 * ({@code mkdirat}, like {@code mkdir -p}) on the way, also relative to their parent's descriptor.
 * The file itself is opened relative to the last directory's descriptor ({@link #openAppend}).
 */
public final class PathWalk {
    /** A symbolic link the rule refuses to follow. */
    public static final class Refused extends FileSystemException {
        public Refused(String file, String reason) {
            super(file, null, reason);
        }

        /** "/tmp/x/link is a symbolic link owned by ...". */
        @Override
        public String getMessage() {
            return getFile() + " " + getReason();
        }
    }

    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
    private static final int O_PATH = 010000000;
    private static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;
    private static final int O_NOCTTY = 0400;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    /** STATX_TYPE | STATX_MODE | STATX_UID. */
    private static final int STATX_MASK = 0x1 | 0x2 | 0x8;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;
    /** The kernel's limit of links in one resolution (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;
    /** struct statx: uid at 20, mode (16 bits) at 28; 256 bytes in all. */
    private static final long STX_UID = 20;
    private static final long STX_MODE = 28;
    private static final long STATX_BYTES = 256;

    private static final Downcall OPENAT = new Downcall("openat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(3), Linker.Option.captureCallState("errno"));
    private static final Downcall MKDIRAT = new Downcall("mkdirat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final Downcall STATX = new Downcall("statx", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
    private static final Downcall READLINKAT = new Downcall("readlinkat", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno"));
    private static final Downcall FCHMOD = new Downcall("fchmod", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));

    private PathWalk() {}

    /** The owner and mode of what a descriptor refers to. */
    private record Stat(int mode, long uid) {
        int type() {
            return mode & S_IFMT;
        }
    }

    /** An open directory and its path without links, {@code .} or {@code ..}. */
    private record Dir(int fd, List<String> real) {
        Path path() {
            return Path.of("/" + String.join("/", real));
        }

        String child(String name) {
            return real.isEmpty() ? "/" + name : path() + "/" + name;
        }
    }

    /**
     * The real path of the directory {@code dir} (absolute), created where missing when
     * {@code create}; without {@code create} the part that does not exist yet is appended as
     * written (it will be made of real directories).
     *
     * @throws Refused at a link {@link SymlinkRule} refuses, naming it
     * @throws IOException when a component is not a directory or cannot be opened or created
     */
    public static Path realDir(Path dir, boolean create, long appUid, long daemonUid) throws IOException {
        List<String> missing = new ArrayList<>();
        Dir d = walk(dir, create, appUid, daemonUid, missing);
        Libc.close(d.fd());
        Path p = d.path();
        for (String m : missing) p = p.resolve(m);
        return p.normalize();
    }

    /**
     * Opens {@code file} for appending (created 0640 if missing, O_NOFOLLOW: the file itself must
     * not be a link) after walking its directories as {@link #realDir} does, creating them. The
     * descriptor is close-on-exec (a spawn places it where it belongs) and refers to a regular file.
     */
    public static int openAppend(Path file, long appUid, long daemonUid) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        Dir d = walk(parent, true, appUid, daemonUid, new ArrayList<>());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            // O_NONBLOCK: a FIFO planted there must not block the daemon (it is refused below)
            int fd = (int) OPENAT.get().invokeExact(state, d.fd(), arena.allocateFrom(name),
                    Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NONBLOCK | O_NOCTTY, 0640);
            if (fd < 0) throw new FileSystemException(d.child(name), null, reason(Libc.errno(state), "cannot open"));
            Stat st = stat(fd, d.child(name));
            if (st.type() != S_IFREG) {
                Libc.close(fd);
                throw new FileSystemException(d.child(name), null, "is not a regular file");
            }
            int ignored = (int) FCHMOD.get().invokeExact(state, fd, 0640);
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            Libc.close(d.fd());
        }
    }

    private static String reason(int errno, String what) {
        return errno == 40 ? "is a symbolic link: jpm never writes logs through a link (point the app's log path at the real file)"
                : what + ": " + Libc.strerror(errno);
    }

    /** Walks {@code dir} from /; components that do not exist (without create) go to {@code missing}. */
    private static Dir walk(Path dir, boolean create, long appUid, long daemonUid, List<String> missing) throws IOException {
        if (!dir.isAbsolute()) throw new IllegalArgumentException("not absolute: " + dir);
        Deque<String> todo = new ArrayDeque<>(parts(dir.toString()));
        List<String> real = new ArrayList<>();
        int fd = openRoot();
        int links = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            while (!todo.isEmpty()) {
                String name = todo.pollFirst();
                if (name.equals(".")) continue;
                if (name.equals("..")) {
                    int up = (int) OPENAT.get().invokeExact(state, fd, arena.allocateFrom(".."), O_PATH | O_DIRECTORY | Libc.O_CLOEXEC, 0);
                    if (up < 0) throw new FileSystemException(new Dir(fd, real).path().toString(), null, reason(Libc.errno(state), "cannot open .."));
                    Libc.close(fd);
                    fd = up;
                    if (!real.isEmpty()) real.removeLast();
                    continue;
                }
                String here = new Dir(fd, real).child(name);
                int child = (int) OPENAT.get().invokeExact(state, fd, arena.allocateFrom(name), O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
                if (child < 0) {
                    int e = Libc.errno(state);
                    if (e != ENOENT) throw new FileSystemException(here, null, reason(e, "cannot open"));
                    if (!create) {
                        missing.add(name);
                        missing.addAll(todo);
                        break;
                    }
                    int rc = (int) MKDIRAT.get().invokeExact(state, fd, arena.allocateFrom(name), 0777);
                    if (rc < 0 && Libc.errno(state) != EEXIST) throw new FileSystemException(here, null, reason(Libc.errno(state), "cannot create"));
                    todo.addFirst(name); // open what is there now, whoever made it
                    continue;
                }
                Stat st = stat(child, here);
                if (st.type() == S_IFLNK) {
                    try {
                        Stat holder = stat(fd, new Dir(fd, real).path().toString());
                        if (!SymlinkRule.follow(holder.mode(), holder.uid(), st.uid(), appUid, daemonUid)) {
                            throw new Refused(here, "is a symbolic link owned by uid " + st.uid() + " in the world-writable sticky directory "
                                    + new Dir(fd, real).path() + ": jpm follows such a link only when it belongs to the app's user (uid "
                                    + appUid + "), the daemon's (uid " + daemonUid + ") or the directory's owner (uid " + holder.uid()
                                    + "), as the kernel's protected_symlinks does; use a path without that link");
                        }
                        if (++links > MAX_LINKS) throw new FileSystemException(here, null, "too many levels of symbolic links");
                        String target = readlink(child, here);
                        List<String> parts = parts(target);
                        for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
                        if (target.startsWith("/")) {
                            Libc.close(fd);
                            fd = -1;
                            fd = openRoot();
                            real.clear();
                        }
                    } finally {
                        Libc.close(child);
                    }
                    continue;
                }
                if (st.type() != S_IFDIR) {
                    Libc.close(child);
                    throw new FileSystemException(here, null, "is not a directory");
                }
                Libc.close(fd);
                fd = child;
                real.add(name);
            }
            Dir d = new Dir(fd, real);
            fd = -1; // handed over
            return d;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            Libc.close(fd);
        }
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) out.add(p);
        }
        return out;
    }

    private static int openRoot() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) OPENAT.get().invokeExact(state, AT_FDCWD, arena.allocateFrom("/"), O_PATH | O_DIRECTORY | Libc.O_CLOEXEC, 0);
            if (fd < 0) throw new IOException("cannot open /: " + Libc.strerror(Libc.errno(state)));
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** statx of what {@code fd} refers to itself (a link opened with O_PATH|O_NOFOLLOW stays the link). */
    private static Stat stat(int fd, String what) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment buf = arena.allocate(STATX_BYTES, 8);
            int rc = (int) STATX.get().invokeExact(state, fd, arena.allocateFrom(""), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MASK, buf);
            if (rc != 0) throw new FileSystemException(what, null, "cannot stat: " + Libc.strerror(Libc.errno(state)));
            return new Stat(Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, STX_MODE)),
                    Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, STX_UID)));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The target of the link {@code fd} refers to (opened with O_PATH|O_NOFOLLOW). */
    private static String readlink(int fd, String what) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment buf = arena.allocate(4097);
            long n = (long) READLINKAT.get().invokeExact(state, fd, arena.allocateFrom(""), buf, 4096L);
            if (n < 0) throw new FileSystemException(what, null, "cannot read the link: " + Libc.strerror(Libc.errno(state)));
            byte[] bytes = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
