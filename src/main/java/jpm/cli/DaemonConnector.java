package jpm.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import jpm.home.JpmHome;
import jpm.rpc.RpcClient;
import jpm.rpc.RpcException;

/**
 * Connect-or-spawn: connect to the home's daemon; if none answers, take {@code spawn.lock}
 * (so twenty parallel CLIs start exactly one daemon), look again, and otherwise start one
 * detached (own session, output to daemon.log) and wait for its socket.
 */
final class DaemonConnector {
    static final long SPAWN_TIMEOUT_MS = 20_000;
    /** How long `kill` and `update` wait for the daemon process to end once it said it would. */
    static final long EXIT_TIMEOUT_MS = 10_000;
    /**
     * The JVM flags of every daemon, however it is started: spawned here, by bin/jpm for
     * {@code jpm daemon --foreground} (which asks {@link #foregroundShellCommand}), or by the
     * systemd unit of {@code jpm startup}, which runs bin/jpm. The one place they are decided.
     *
     * <p>Chosen by measuring RSS with 100 apps (docs/performance.md, "Daemon memory"): the
     * default initial heap (1/64 of RAM) let Serial GC touch ~40 MiB of young generation
     * before its first collection, so -Xms4m (the heap grows as needed up to 256m); C1 only,
     * and only for code that runs 50x more often than C1's default thresholds
     * (CompileThresholdScaling), which cut the code cache and compiler arenas by ~8 MiB at the
     * cost of ~0.2 s more CPU per million log lines; no hsperfdata file; no 300 ms wait at exit
     * for threads blocked in native code (poll, accept, waitpid: bin/find-jdk.sh says why). The
     * heap is kept near what lives (Min/MaxHeapFreeRatio 10/30, shrunk in one step) at each full
     * collection, and the daemon's HeapTrim makes one after a burst (a start of 1,000 apps),
     * which otherwise leaves an old generation of garbage committed: 127 MiB of RSS at 1,000
     * instances against 74 (docs/performance.md, "Scale").
     */
    static final List<String> DAEMON_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=50", "-Xss512k", "-Xms4m", "-XX:MaxHeapSize=256m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps", "-XX:-UsePerfData",
            "-XX:UserThreadWaitAttemptsAtExit=0",
            "-Xlog:disable", "--enable-native-access=ALL-UNNAMED");
    /**
     * The daemon's AOT cache, next to the jar (bin/aot-train.sh trains it with a daemon of the
     * CLI's training run): it roughly halves the daemon's start-up (docs/performance.md).
     */
    static final String DAEMON_AOT_CACHE = "jpm-daemon.aot";
    /** The copy's file name: the AOT cache recorded it, and accepts another directory only with the same name. */
    static final String JAR_COPY_NAME = "jpm.jar";
    private final JpmHome home;

    DaemonConnector(JpmHome home) {
        this.home = home;
    }

    /** Connects to a running daemon only; null when none answers. */
    RpcClient connectExisting() {
        try {
            return RpcClient.connect(home.socket(), "jpm-cli");
        } catch (RpcException e) {
            throw refused(e);
        } catch (IOException e) {
            return null;
        }
    }

    RpcClient connectOrSpawn() {
        RpcClient c = connectExisting();
        if (c != null) return c;
        try {
            home.prepare();
            JpmHome.ensureFile(home.spawnLock(), JpmHome.FILE_MODE);
            try (FileChannel ch = FileChannel.open(home.spawnLock(), StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                c = connectExisting(); // another CLI may have started it while we waited for the lock
                if (c != null) return c;
                return spawnAndConnect();
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "cannot start the jpm daemon in " + home.dir() + ": " + e.getMessage());
        }
    }

    private RpcClient spawnAndConnect() throws IOException {
        Path log = home.daemonLog();
        JpmHome.ensureFile(log, JpmHome.FILE_MODE);
        long logStart = Files.size(log);
        Process p = startDetached(daemonCommand(daemonRuntime(true), false, null), log);
        long deadline = System.nanoTime() + SPAWN_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            RpcClient c = connectExisting();
            if (c != null) return c;
            if (!p.isAlive()) break;
            try {
                p.waitFor(5, java.util.concurrent.TimeUnit.MILLISECONDS); // poll the socket every 5 ms: a failed connect costs ~0.1 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String tail = tail(log, logStart);
        throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "the jpm daemon did not start"
                + (p.isAlive() ? " within " + SPAWN_TIMEOUT_MS / 1000 + " s" : " (it exited with code " + p.exitValue() + ")")
                + "; " + log + " says:\n" + tail);
    }

    /**
     * Starts a command in a session of its own, so that it outlives this CLI and its terminal
     * (the daemon, a detached dashboard): stdin from /dev/null, stdout and stderr appended to {@code log}.
     */
    static Process startDetached(List<String> command, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "/bin/setsid");
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /**
     * {@link #DAEMON_JVM_FLAGS}, the class-data option, then the words of $JPM_DAEMON_JAVA_OPTS.
     * The class data is the daemon's AOT cache when the copy has one, else the JDK's default CDS
     * archive; none when $JPM_DAEMON_JAVA_OPTS names its own (the training run's
     * -XX:AOTCacheOutput), since the JVM refuses two.
     */
    static List<String> daemonJvmOptions(Path aotCache) {
        List<String> opts = new ArrayList<>(DAEMON_JVM_FLAGS);
        String extra = System.getenv("JPM_DAEMON_JAVA_OPTS");
        List<String> extraWords = extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
        if (extraWords.stream().noneMatch(w -> w.startsWith("-Xshare") || w.startsWith("-XX:AOT") || w.startsWith("-XX:SharedArchiveFile"))) {
            opts.add(aotCache != null ? "-XX:AOTCache=" + aotCache : "-Xshare:auto");
        }
        opts.addAll(extraWords);
        return opts;
    }

    /** This JVM's java running {@code jpm daemon --foreground} for this home from the copy given; metrics: ADDR or null. */
    private List<String> daemonCommand(DaemonRuntime runtime, boolean resurrect, String metrics) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(daemonJvmOptions(runtime.aotCache()));
        cmd.addAll(List.of("-cp", runtime.classPath(), Main.class.getName(), "--home", home.dir().toString(), "daemon", "--foreground"));
        if (resurrect) cmd.add("--resurrect");
        if (metrics != null) cmd.addAll(List.of("--metrics", metrics));
        return cmd;
    }

    /**
     * For {@code jpm daemon --foreground} started through bin/jpm (by hand, in a container, by the
     * systemd unit of {@code jpm startup}): the shell command {@code exec java ... -cp
     * JPM_HOME/lib/jpm-<build>/jpm.jar ...} that bin/jpm evaluates, so that such a daemon also runs from a
     * private copy with the daemon's JVM flags, and keeps the launcher's pid (systemd's main pid).
     * Copies of other builds are removed only if no daemon of this home answers (under spawn.lock,
     * as for a spawn); if one does, the command is still given, and that daemon refuses to start
     * with "already running".
     */
    String foregroundShellCommand(boolean resurrect, String metrics) {
        try {
            home.prepare();
            JpmHome.ensureFile(home.spawnLock(), JpmHome.FILE_MODE);
            try (FileChannel ch = FileChannel.open(home.spawnLock(), StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                boolean running;
                try (RpcClient c = connectExisting()) {
                    running = c != null;
                }
                StringBuilder sh = new StringBuilder("exec");
                for (String word : daemonCommand(daemonRuntime(!running), resurrect, metrics)) {
                    sh.append(" '").append(word.replace("'", "'\\''")).append('\'');
                }
                return sh.toString();
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "cannot start the jpm daemon in " + home.dir() + ": " + e.getMessage());
        }
    }

    /** What the daemon runs from: a class path, and the AOT cache that goes with it (null: none). */
    record DaemonRuntime(String classPath, Path aotCache) {}

    /**
     * The daemon loads classes lazily for days; if it ran from the build's jar, a rebuild or
     * upgrade rewriting that jar would break it (NoClassDefFoundError mid-stop). So it runs from
     * a private copy, {@code JPM_HOME/lib/<build>/jpm.jar}, and with the build's daemon AOT cache
     * beside it when that is newer than the jar (the freshness rule of bin/jpm). Copies of other
     * builds are removed when {@code removeOthers} (the caller holds spawn.lock and no daemon of
     * this home answered).
     *
     * <p>A build is named by the jar's size and modification time, not by a hash of its content:
     * hashing 4 MB took ~150 ms of every cold start. A rebuild always writes a new time; the copy
     * keeps it (the AOT cache checks it).
     */
    private DaemonRuntime daemonRuntime(boolean removeOthers) throws IOException {
        String cp = System.getProperty("java.class.path");
        Path jar = Path.of(cp);
        if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar") || !Files.isRegularFile(jar)) {
            return new DaemonRuntime(cp, null);
        }
        var attrs = Files.readAttributes(jar, java.nio.file.attribute.BasicFileAttributes.class);
        java.time.Instant built = attrs.lastModifiedTime().toInstant();
        String build = "jpm-" + Long.toHexString(built.getEpochSecond()) + String.format("%08x", built.getNano())
                + "-" + Long.toHexString(attrs.size());
        JpmHome.ensurePrivateDir(home.libDir());
        Path dir = home.libDir().resolve(build);
        Path copy = dir.resolve(JAR_COPY_NAME);
        if (!Files.exists(copy)) {
            Path tmp = Files.createTempDirectory(home.libDir(), "tmp-");
            // the time is kept (the AOT cache checks it); the mode is JPM_HOME's, not the build's 0644
            Files.copy(jar, tmp.resolve(JAR_COPY_NAME), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(tmp.resolve(JAR_COPY_NAME), JpmHome.FILE_MODE);
            try {
                Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(tmp); // a copy made meanwhile by a jpm that did not hold spawn.lock (foreground)
            }
        } else if (!Files.getPosixFilePermissions(copy).equals(JpmHome.FILE_MODE)) {
            Files.setPosixFilePermissions(copy, JpmHome.FILE_MODE); // a copy an older jpm left 0644
        }
        Path aot = privateAotCache(jar, built, dir);
        if (removeOthers) {
            try (var old = Files.newDirectoryStream(home.libDir(), "{jpm-*,tmp-*}")) {
                for (Path p : old) {
                    if (!p.equals(dir)) deleteTree(p);
                }
            }
        }
        return new DaemonRuntime(copy.toString(), aot);
    }

    /**
     * The build's daemon AOT cache in the copy's directory, copied there on first use with
     * JPM_HOME's file mode; null when the build has none that is newer than its jar. A copy, not
     * a hard link: a link shares the build's inode, so making it 0600 would make the build's own
     * cache unreadable to other users of the same build (and a 0644 link would leave the home's
     * cache readable). The JVM maps the cache for the daemon's life; bin/aot-train.sh replaces
     * the build's by a rename, which leaves this copy as it was. The JVM checks the jar's size and
     * time recorded in the cache, not the cache file's mode: a 0600 cache is used.
     */
    private static Path privateAotCache(Path jar, java.time.Instant built, Path dir) throws IOException {
        Path mine = dir.resolve(DAEMON_AOT_CACHE);
        if (Files.exists(mine)) {
            // an older jpm hard-linked the build's 0644 cache here: a copy of our own, never a chmod of the build's file
            if (!Files.getPosixFilePermissions(mine).equals(JpmHome.FILE_MODE)) privateCopy(mine, mine);
            return mine;
        }
        Path source = jar.resolveSibling(DAEMON_AOT_CACHE);
        if (!Files.isRegularFile(source) || !Files.getLastModifiedTime(source).toInstant().isAfter(built)) return null;
        privateCopy(source, mine);
        return mine;
    }

    /** Copies a file to {@code to} (which may be the same path) as a new 0600 file, replacing it atomically. */
    private static void privateCopy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.copy(from, tmp);
        Files.setPosixFilePermissions(tmp, JpmHome.FILE_MODE);
        Files.move(tmp, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a file or a directory with everything in it; symlinks are removed, never followed. */
    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.newDirectoryStream(p)) {
                for (Path c : children) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    /**
     * Waits until a process has exited: gone, or a zombie. The daemon's parent is whatever reaps
     * orphans here (init, a container's PID 1) and may take a second to reap; the daemon's work,
     * its lock included, ended before it became a zombie. False on timeout.
     */
    static boolean awaitGone(long pid, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (jpm.os.ProcFs.stat(pid).map(st -> !st.zombie()).orElse(false)) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static String tail(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            int start = (int) Math.max(from, all.length - 4000L);
            return new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    static CliException refused(RpcException e) {
        return new CliException(ExitCodes.ofFailure(e.code()), e.getMessage());
    }
}
