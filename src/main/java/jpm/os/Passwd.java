package jpm.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.function.Function;

/**
 * Users and groups as libc knows them: {@code getpwnam_r}, {@code getpwuid_r}, {@code getgrnam_r}
 * and {@code getgrgid_r}, so NSS (LDAP, sssd, systemd's dynamic users) answers, not only
 * /etc/passwd. Also the daemon's own effective uid and gid.
 */
public final class Passwd {
    /** A passwd entry: what running as a user needs. */
    public record User(String name, long uid, long gid, String home) {}

    /** A group entry. */
    public record Group(String name, long gid) {}

    private static final int ERANGE = 34;
    private static final int MAX_BUFFER = 1 << 24; // a group with very many members
    /** struct passwd on LP64 glibc: name, passwd, uid, gid, gecos, dir, shell. */
    private static final long PW_UID = 16;
    private static final long PW_GID = 20;
    private static final long PW_DIR = 32;
    private static final long PASSWD_BYTES = 48;
    /** struct group on LP64 glibc: name, passwd, gid, mem. */
    private static final long GR_GID = 16;
    private static final long GROUP_BYTES = 32;

    private static final FunctionDescriptor BY_NAME = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    private static final FunctionDescriptor BY_ID = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    private static final Downcall GETPWNAM_R = new Downcall("getpwnam_r", BY_NAME);
    private static final Downcall GETPWUID_R = new Downcall("getpwuid_r", BY_ID);
    private static final Downcall GETGRNAM_R = new Downcall("getgrnam_r", BY_NAME);
    private static final Downcall GETGRGID_R = new Downcall("getgrgid_r", BY_ID);
    private static final Downcall GETEUID = new Downcall("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final Downcall GETEGID = new Downcall("getegid", FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private Passwd() {}

    public static Optional<User> user(String name) {
        return lookup(GETPWNAM_R, name, 0, PASSWD_BYTES, Passwd::user);
    }

    public static Optional<User> user(long uid) {
        return lookup(GETPWUID_R, null, uid, PASSWD_BYTES, Passwd::user);
    }

    public static Optional<Group> group(String name) {
        return lookup(GETGRNAM_R, name, 0, GROUP_BYTES, Passwd::group);
    }

    public static Optional<Group> group(long gid) {
        return lookup(GETGRGID_R, null, gid, GROUP_BYTES, Passwd::group);
    }

    /** The effective uid of this process (never changed by jpm). */
    public static long euid() {
        return Effective.IDS[0];
    }

    /** The effective gid of this process. */
    public static long egid() {
        return Effective.IDS[1];
    }

    /**
     * The effective uid and gid, read once from /proc/self/status: a CLI that needs them (the
     * loader checks uid/gid against them) then links no downcall, which costs a cold JVM about
     * 100 ms of start-up (docs/performance.md, "CLI start-up"); geteuid/getegid where /proc
     * cannot tell.
     */
    private static final class Effective {
        static final long[] IDS = read();

        private static long[] read() {
            try {
                long uid = -1;
                long gid = -1;
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    // "Uid:\treal\teffective\tsaved\tfs"
                    if (line.startsWith("Uid:")) uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                    if (line.startsWith("Gid:")) gid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
                if (uid >= 0 && gid >= 0) return new long[] {uid, gid};
            } catch (java.io.IOException | RuntimeException e) {
                // below
            }
            try {
                return new long[] {Integer.toUnsignedLong((int) GETEUID.get().invokeExact()), Integer.toUnsignedLong((int) GETEGID.get().invokeExact())};
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static User user(MemorySegment pw) {
        return new User(string(pw, 0), Integer.toUnsignedLong(pw.get(ValueLayout.JAVA_INT, PW_UID)),
                Integer.toUnsignedLong(pw.get(ValueLayout.JAVA_INT, PW_GID)), string(pw, PW_DIR));
    }

    private static Group group(MemorySegment gr) {
        return new Group(string(gr, 0), Integer.toUnsignedLong(gr.get(ValueLayout.JAVA_INT, GR_GID)));
    }

    private static String string(MemorySegment struct, long offset) {
        MemorySegment p = struct.get(ValueLayout.ADDRESS, offset);
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /**
     * One {@code get*_r} call by name (when {@code name} is not null) or by id, with a buffer
     * that grows while libc answers ERANGE; {@code read} copies the entry out while its buffer lives.
     */
    private static <T> Optional<T> lookup(Downcall fn, String name, long id, long structBytes, Function<MemorySegment, T> read) {
        for (long size = 4096; size <= MAX_BUFFER; size *= 4) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment struct = arena.allocate(structBytes, 8);
                MemorySegment buf = arena.allocate(size);
                MemorySegment result = arena.allocate(ValueLayout.ADDRESS);
                int rc = name != null
                        ? (int) fn.get().invokeExact(arena.allocateFrom(name), struct, buf, size, result)
                        : (int) fn.get().invokeExact((int) id, struct, buf, size, result);
                if (rc == ERANGE) continue;
                // another rc is a failed lookup (EIO from an NSS module...): no entry, as far as jpm can tell
                if (rc != 0 || result.get(ValueLayout.ADDRESS, 0).equals(MemorySegment.NULL)) return Optional.empty();
                return Optional.of(read.apply(struct));
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return Optional.empty();
    }
}
