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
     * cost of ~0.2 s more CPU per million log lines; no hsperfdata file.
     */
    static final List<String> DAEMON_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=50", "-Xss512k", "-Xms4m", "-XX:MaxHeapSize=256m", "-XX:-UsePerfData", "-Xshare:auto",
            "-Xlog:disable", "--enable-native-access=ALL-UNNAMED");
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
        List<String> cmd = new ArrayList<>();
        // own session: the daemon must outlive this CLI and its terminal
        cmd.add(java.nio.file.Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "/bin/setsid");
        cmd.addAll(daemonCommand(daemonClassPath(true), false));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        long deadline = System.nanoTime() + SPAWN_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            RpcClient c = connectExisting();
            if (c != null) return c;
            if (!p.isAlive()) break;
            try {
                p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS); // poll the socket every 20 ms
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

    /** {@link #DAEMON_JVM_FLAGS}, then the words of $JPM_DAEMON_JAVA_OPTS. */
    static List<String> daemonJvmOptions() {
        List<String> opts = new ArrayList<>(DAEMON_JVM_FLAGS);
        String extra = System.getenv("JPM_DAEMON_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) opts.addAll(List.of(extra.trim().split("\\s+")));
        return opts;
    }

    /** This JVM's java running {@code jpm daemon --foreground} for this home from the class path given. */
    private List<String> daemonCommand(String classPath, boolean resurrect) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(daemonJvmOptions());
        cmd.addAll(List.of("-cp", classPath, Main.class.getName(), "--home", home.dir().toString(), "daemon", "--foreground"));
        if (resurrect) cmd.add("--resurrect");
        return cmd;
    }

    /**
     * For {@code jpm daemon --foreground} started through bin/jpm (by hand, in a container, by the
     * systemd unit of {@code jpm startup}): the shell command {@code exec java ... -cp
     * JPM_HOME/lib/jpm-<sha>.jar ...} that bin/jpm evaluates, so that such a daemon also runs from a
     * private copy with the daemon's JVM flags, and keeps the launcher's pid (systemd's main pid).
     * Copies of other builds are removed only if no daemon of this home answers (under spawn.lock,
     * as for a spawn); if one does, the command is still given, and that daemon refuses to start
     * with "already running".
     */
    String foregroundShellCommand(boolean resurrect) {
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
                for (String word : daemonCommand(daemonClassPath(!running), resurrect)) {
                    sh.append(" '").append(word.replace("'", "'\\''")).append('\'');
                }
                return sh.toString();
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "cannot start the jpm daemon in " + home.dir() + ": " + e.getMessage());
        }
    }

    /**
     * The daemon loads classes lazily for days; if it ran from the build's jar, a rebuild or
     * upgrade rewriting that jar would break it (NoClassDefFoundError mid-stop). So it runs from
     * a private copy, named by content, in JPM_HOME/lib; copies of older builds are removed when
     * {@code removeOthers} (the caller holds spawn.lock and no daemon of this home answered).
     */
    private String daemonClassPath(boolean removeOthers) throws IOException {
        String cp = System.getProperty("java.class.path");
        Path jar = Path.of(cp);
        if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar") || !Files.isRegularFile(jar)) return cp;
        byte[] bytes = Files.readAllBytes(jar);
        String name;
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            name = "jpm-" + java.util.HexFormat.of().formatHex(d, 0, 8) + ".jar";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        JpmHome.ensurePrivateDir(home.libDir());
        Path copy = home.libDir().resolve(name);
        if (!Files.exists(copy)) {
            Path tmp = Files.createTempFile(home.libDir(), "jpm-", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        if (!removeOthers) return copy.toString();
        try (var old = Files.newDirectoryStream(home.libDir(), "jpm-*")) {
            for (Path p : old) {
                if (!p.equals(copy)) Files.deleteIfExists(p);
            }
        }
        return copy.toString();
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
