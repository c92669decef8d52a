package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with glibc {@code posix_spawn(3)} through the FFM API, which
 * {@link ProcessBuilder} cannot do: the child gets its own session and process group
 * ({@code POSIX_SPAWN_SETSID}, no setsid wrapper), chosen descriptors at fixed numbers (files,
 * pipes, later a listening socket on fd 3), every other descriptor closed
 * ({@code closefrom}), an empty signal mask and default dispositions. And the JDK does not
 * know the child: no reaper thread per process, no pipes the JDK drains or closes when the
 * main process exits (its children would lose their output). {@link ExitWatcher} reaps.
 *
 * <p>Needs glibc 2.34 ({@code posix_spawn_file_actions_addclosefrom_np}); exec failures come
 * back as the return value (glibc spawns with CLONE_VFORK), so "no such file" is an exception
 * here, not a child that dies at once.
 */
public final class PosixSpawn {
    /** Where a descriptor of the child comes from. */
    public sealed interface Fd {
        /**
         * The child's {@code target} opened from a path: for writing O_APPEND|O_CREAT|O_NOFOLLOW (a log
         * file that is a symbolic link is refused in the very open, no window after a check) and
         * O_NONBLOCK (a FIFO without a reader fails at once: the spawn, CLONE_VFORK, holds the daemon
         * until the child execs; no effect on a regular file), mode 0640; else read-only.
         */
        record Open(int target, Path path, boolean write) implements Fd {}

        /** The child's {@code target} is a copy of the daemon's descriptor {@code source}. */
        record Dup(int target, int source) implements Fd {}

        int target();
    }

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    /** Generous upper bounds of glibc's opaque structs (336, 80 and 128 bytes on x86_64). */
    private static final long ATTR_BYTES = 1024;
    private static final long ACTIONS_BYTES = 1024;
    private static final long SIGSET_BYTES = 256;

    private static final Downcall SPAWN = new Downcall("posix_spawn", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final Downcall ATTR_INIT = intOf("posix_spawnattr_init", ValueLayout.ADDRESS);
    private static final Downcall ATTR_DESTROY = intOf("posix_spawnattr_destroy", ValueLayout.ADDRESS);
    private static final Downcall ATTR_SETFLAGS = intOf("posix_spawnattr_setflags", ValueLayout.ADDRESS, ValueLayout.JAVA_SHORT);
    private static final Downcall ATTR_SETSIGMASK = intOf("posix_spawnattr_setsigmask", ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final Downcall ATTR_SETSIGDEFAULT = intOf("posix_spawnattr_setsigdefault", ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final Downcall SIGEMPTYSET = intOf("sigemptyset", ValueLayout.ADDRESS);
    private static final Downcall SIGFILLSET = intOf("sigfillset", ValueLayout.ADDRESS);
    private static final Downcall FA_INIT = intOf("posix_spawn_file_actions_init", ValueLayout.ADDRESS);
    private static final Downcall FA_DESTROY = intOf("posix_spawn_file_actions_destroy", ValueLayout.ADDRESS);
    private static final Downcall FA_OPEN = intOf("posix_spawn_file_actions_addopen",
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Downcall FA_DUP2 = intOf("posix_spawn_file_actions_adddup2", ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Downcall FA_CHDIR = intOf("posix_spawn_file_actions_addchdir_np", ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final Downcall FA_CLOSEFROM = intOf("posix_spawn_file_actions_addclosefrom_np", ValueLayout.ADDRESS, ValueLayout.JAVA_INT);

    private PosixSpawn() {}

    private static Downcall intOf(String name, java.lang.foreign.MemoryLayout... args) {
        return new Downcall(name, FunctionDescriptor.of(ValueLayout.JAVA_INT, args));
    }

    /**
     * Starts {@code argv} (argv[0] an absolute path: no PATH search) in {@code cwd} with exactly
     * {@code env}, its descriptors 0.. placed as {@code fds} say (the rest closed), in a new
     * session. Returns the pid.
     *
     * @throws IOException naming argv[0] and the reason when the program cannot be started
     */
    public static long spawn(List<String> argv, Path cwd, Map<String, String> env, List<Fd> fds) throws IOException {
        if (argv.isEmpty() || !argv.getFirst().startsWith("/")) throw new IllegalArgumentException("argv[0] must be an absolute path: " + argv);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_BYTES, 16);
            MemorySegment actions = arena.allocate(ACTIONS_BYTES, 16);
            check((int) ATTR_INIT.get().invokeExact(attr), "posix_spawnattr_init");
            check((int) FA_INIT.get().invokeExact(actions), "posix_spawn_file_actions_init");
            try {
                MemorySegment empty = arena.allocate(SIGSET_BYTES, 8);
                MemorySegment all = arena.allocate(SIGSET_BYTES, 8);
                int ignored = (int) SIGEMPTYSET.get().invokeExact(empty);
                ignored = (int) SIGFILLSET.get().invokeExact(all);
                check((int) ATTR_SETSIGMASK.get().invokeExact(attr, empty), "setsigmask");
                check((int) ATTR_SETSIGDEFAULT.get().invokeExact(attr, all), "setsigdefault");
                check((int) ATTR_SETFLAGS.get().invokeExact(attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
                        "setflags");
                int lowestFree = 0;
                for (Fd fd : fds) {
                    switch (fd) {
                        case Fd.Open o -> check((int) FA_OPEN.get().invokeExact(actions, o.target(), arena.allocateFrom(o.path().toString()),
                                o.write() ? Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_NONBLOCK : Libc.O_RDONLY, 0640), "addopen");
                        case Fd.Dup d -> check((int) FA_DUP2.get().invokeExact(actions, d.source(), d.target()), "adddup2");
                    }
                    lowestFree = Math.max(lowestFree, fd.target() + 1);
                }
                // after the placements: a source above them is closed here, in the child only
                check((int) FA_CLOSEFROM.get().invokeExact(actions, Math.max(lowestFree, 3)), "addclosefrom_np");
                check((int) FA_CHDIR.get().invokeExact(actions, arena.allocateFrom(cwd.toString())), "addchdir_np");
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                int rc = (int) SPAWN.get().invokeExact(pid, arena.allocateFrom(argv.getFirst()), actions, attr,
                        strings(arena, argv), strings(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                if (rc != 0) throw new IOException(SpawnFailure.describe(argv.getFirst(), cwd, rc));
                return pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.get().invokeExact(actions);
                ignored = (int) ATTR_DESTROY.get().invokeExact(attr);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) throw new IOException(what + ": " + Libc.strerror(rc));
    }

    /** A pipe whose ends are close-on-exec in the daemon: {read, write}. */
    public static int[] pipe() throws IOException {
        return Libc.pipe(0);
    }

    public static void close(int fd) {
        Libc.close(fd);
    }

    /**
     * A stream on the daemon's descriptor {@code fd} (the read end of a pipe): the JDK cannot wrap
     * a raw descriptor, so it opens the same pipe again through /proc/self/fd (a pipe is opened
     * there, not the file description, which is fine for reading). The caller closes {@code fd}
     * afterwards. The open of a pipe blocks until it has a writer: keep the write end open until then.
     */
    public static java.io.InputStream readStream(int fd) throws IOException {
        return new java.io.FileInputStream("/proc/self/fd/" + fd);
    }

    /**
     * A stream on the daemon's descriptor {@code fd} (the write end of a pipe), opened again
     * through /proc/self/fd as {@link #readStream} does. The open blocks until the pipe has a
     * reader: keep the read end open until then.
     */
    public static java.io.OutputStream writeStream(int fd) throws IOException {
        return new java.io.FileOutputStream("/proc/self/fd/" + fd);
    }
}
