package jpm.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads process facts from /proc: state, group, start time, CPU ticks, resident memory. */
public final class ProcFs {
    /** USER_HZ: 100 on every Linux architecture jpm runs on. */
    public static final int TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    /**
     * The fields of /proc/PID/stat that jpm uses.
     *
     * @param state one letter: R, S, D, Z (zombie), T, ...
     * @param startTicks start time in clock ticks after boot: with the pid, it identifies a process
     * @param rssPages field 24, resident pages
     * @param cpuTicks user + system time of the process itself (fields 14 and 15)
     * @param childCpuTicks user + system time of its children that it waited for (fields 16 and
     *     17): the time of a child that exited moves here, so a tree's own plus its children's
     *     ticks keep counting what a shell script's short-lived commands used
     */
    public record Stat(long pid, char state, long ppid, long pgid, long cpuTicks, long startTicks, long rssPages,
                       long childCpuTicks) {
        /** A process whose waited-for children used no CPU. */
        public Stat(long pid, char state, long ppid, long pgid, long cpuTicks, long startTicks, long rssPages) {
            this(pid, state, ppid, pgid, cpuTicks, startTicks, rssPages, 0);
        }

        public boolean zombie() {
            return state == 'Z' || state == 'X';
        }

        public long rssBytes() {
            return rssPages * PAGE_SIZE;
        }
    }

    /**
     * One process's stat. Through Files, not {@link StatFiles}: the CLI calls this too (waiting
     * for a daemon to exit), and linking the native calls would cost its start more than one read.
     */
    public static Optional<Stat> stat(long pid) {
        try {
            return parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Stat> parse(String line) {
        if (line == null) return Optional.empty();
        try {
            return Optional.of(parseStat(line));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses one /proc/PID/stat line; the command name may hold spaces and ')' so the fields are
     * counted after the last ')'. Only the numbers needed are parsed, in place: the scan reads
     * every process's line, mostly interpreted, so splitting 52 fields into strings was most of it.
     */
    public static Stat parseStat(String line) {
        long pid = Long.parseLong(line, 0, line.indexOf(' '), 10);
        int at = line.lastIndexOf(')') + 2; // field 3, the state
        char state = line.charAt(at);
        long ppid = 0, pgid = 0, utime = 0, stime = 0, cutime = 0, cstime = 0, start = 0, rss = 0;
        for (int field = 3; field <= 24 && at < line.length(); field++) {
            int end = line.indexOf(' ', at);
            if (end < 0) end = line.length();
            switch (field) {
                case 4 -> ppid = Long.parseLong(line, at, end, 10);
                case 5 -> pgid = Long.parseLong(line, at, end, 10);
                case 14 -> utime = Long.parseLong(line, at, end, 10);
                case 15 -> stime = Long.parseLong(line, at, end, 10);
                case 16 -> cutime = Long.parseLong(line, at, end, 10);
                case 17 -> cstime = Long.parseLong(line, at, end, 10);
                case 22 -> start = Long.parseLong(line, at, end, 10);
                case 24 -> rss = Long.parseLong(line, at, end, 10);
                default -> { }
            }
            at = end + 1;
        }
        return new Stat(pid, state, ppid, pgid, utime + stime, start, rss, cutime + cstime);
    }

    /** The page size of x86_64 and of aarch64's default kernels. */
    static final long PAGE_SIZE = 4096;

    /** Live (non-zombie) processes whose process group is pgid. */
    public static List<Long> liveMembers(long pgid) {
        return all().stream().filter(st -> st.pgid() == pgid && !st.zombie()).map(Stat::pid).toList();
    }

    /** The direct children of a process (the children file of each of its threads in /proc; empty if unreadable). */
    public static List<Long> childrenOf(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                try {
                    for (String n : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!n.isEmpty()) out.add(Long.parseLong(n));
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** Every process, in one pass over /proc (those that vanish while we read are skipped). */
    public static List<Stat> all() {
        List<Stat> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC); StatFiles files = new StatFiles()) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
                parse(files.read(Long.parseLong(n))).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return out;
    }

    /**
     * A process's environment (empty when it cannot be read): how jpm recognises the processes
     * of an instance that left its process group, since each child inherits JPM_ID and JPM_HOME.
     */
    public static java.util.Map<String, String> environ(long pid) {
        byte[] env;
        try {
            env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> out = new java.util.HashMap<>();
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                String entry = new String(env, start, i - start, java.nio.charset.StandardCharsets.UTF_8);
                int eq = entry.indexOf('=');
                if (eq > 0) out.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
                start = i + 1;
            }
        }
        return out;
    }

    /** When the machine booted (btime in /proc/stat): /proc start times count from it. */
    public static java.time.Instant bootTime() {
        try {
            for (String l : Files.readAllLines(PROC.resolve("stat"))) {
                if (l.startsWith("btime ")) return java.time.Instant.ofEpochSecond(Long.parseLong(l.substring(6).trim()));
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return java.time.Instant.EPOCH;
    }

    /** True while the process exists and is not a zombie. */
    public static boolean alive(long pid) {
        return stat(pid).map(s -> !s.zombie()).orElse(false);
    }
}
