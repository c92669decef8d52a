package jpm.daemon;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.logs.LogFile;
import jpm.os.Passwd;
import jpm.os.PathWalk;
import jpm.os.PosixSpawn;
import jpm.os.PosixSpawn.Fd;

/**
 * Starts an app's process with {@link PosixSpawn}: its own session and process group
 * (pid == pgid == sid), stdin from /dev/null, and stdout/stderr either appended straight to its
 * log files (direct mode: no daemon CPU, nothing lost if the daemon dies) or into pipes the
 * daemon reads (piped mode), each pipe also held by a {@link PipeHolder} so a daemon crash
 * does not end the app with SIGPIPE. Hooks' commands start here too ({@link #spawnHook}).
 */
public final class Spawner {
    private static final Path DEV_NULL = Path.of("/dev/null");
    private final LogPaths logs;

    /** {@code logs}: where the log files of direct mode are opened ({@link LogPaths#openAppend}). */
    public Spawner(LogPaths logs) {
        this.logs = logs;
    }

    /** The log paths of the home this spawner serves (the supervisor names files by them). */
    public LogPaths logs() {
        return logs;
    }

    /** A started process; in piped mode the read ends of its stdout and stderr, and its pipe holder (0 if none). */
    public record Spawned(long pid, InputStream stdout, InputStream stderr, long holderPid) {}

    /** The first of these absolute paths that is an executable file, or null. */
    static String firstExecutable(String... candidates) {
        for (String c : candidates) {
            if (new File(c).canExecute()) return c;
        }
        return null;
    }

    /**
     * Direct mode: stdout and stderr appended straight to the files ({@code out}, {@code err}:
     * canonical, {@link LogPaths#canonical}); {@code extra}: fd 3 and up (cluster mode). A file in
     * the daemon's private logs dir is opened by the spawn itself, in the child before it execs
     * (O_NOFOLLOW, O_NONBLOCK: {@link PosixSpawn.Fd.Open}), still with the daemon's rights: an app
     * of another user ({@code appUid}) needs no access to the logs dir. A file elsewhere is opened
     * by the daemon, walking its directories with {@link PathWalk} (no stranger's link in a shared
     * sticky directory, and no window between that check and the open), and handed over.
     */
    public Spawned spawn(List<String> argv, Path cwd, Map<String, String> env, Path out, Path err, long appUid, List<Fd> extra)
            throws IOException {
        List<Integer> opened = new ArrayList<>(2);
        try {
            List<Fd> fds = new ArrayList<>(List.of(new Fd.Open(0, DEV_NULL, false), logFd(1, out, appUid, opened), logFd(2, err, appUid, opened)));
            fds.addAll(extra);
            try {
                return new Spawned(PosixSpawn.spawn(argv, cwd, env, fds), null, null, 0);
            } catch (IOException e) {
                throw whyTheLogFailed(fds, appUid).orElse(e);
            }
        } finally {
            opened.forEach(PosixSpawn::close);
        }
    }

    /** The child's {@code target} appending to {@code file}: opened by the spawn in the private dir, else by the daemon (into {@code opened}). */
    private Fd logFd(int target, Path file, long appUid, List<Integer> opened) throws IOException {
        if (file.equals(LogFile.DISCARD) || file.getParent().startsWith(logs.privateDir())) return new Fd.Open(target, file, true);
        int fd = PathWalk.openAppend(file, appUid, Passwd.euid());
        opened.add(fd);
        return new Fd.Dup(target, fd);
    }

    /**
     * After a failed spawn: the failure of a log file the spawn was to open (a directory or a FIFO
     * where the file should be), found by opening it here, so that the error names the file and
     * not the program; empty if the files open.
     */
    private static java.util.Optional<IOException> whyTheLogFailed(List<Fd> fds, long appUid) {
        for (Fd fd : fds) {
            if (!(fd instanceof Fd.Open o) || !o.write() || o.path().equals(LogFile.DISCARD)) continue;
            try {
                PosixSpawn.close(PathWalk.openAppend(o.path(), appUid, Passwd.euid()));
            } catch (IOException e) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /** A hook's process: its stdin, and its stdout and stderr as one stream, through pipes the daemon holds. */
    public record Hook(long pid, java.io.OutputStream stdin, InputStream output) {}

    /**
     * A hook's command ({@link HookRunner}), in its own session like an app, so that its whole
     * process group can be killed at its timeout: stdin and the merged stdout and stderr are
     * pipes, which the caller writes and reads off the loop.
     */
    Hook spawnHook(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        List<int[]> pipes = new ArrayList<>(2);
        try {
            int[] in = PosixSpawn.pipe();
            pipes.add(in);
            int[] out = PosixSpawn.pipe();
            pipes.add(out);
            long pid = PosixSpawn.spawn(argv, cwd, env, List.of(new Fd.Dup(0, in[0]), new Fd.Dup(1, out[1]), new Fd.Dup(2, out[1])));
            java.io.OutputStream stdin = null;
            try {
                // while the daemon still holds both ends of each pipe, these opens cannot block
                stdin = PosixSpawn.writeStream(in[1]);
                return new Hook(pid, stdin, PosixSpawn.readStream(out[0]));
            } catch (IOException | RuntimeException e) {
                if (stdin != null) stdin.close();
                jpm.os.Signals.signalGroup(pid, "SIGKILL"); // nobody could feed or read it
                throw e;
            }
        } finally {
            for (int[] p : pipes) {
                PosixSpawn.close(p[0]);
                PosixSpawn.close(p[1]);
            }
        }
    }

    /**
     * Piped mode: two pipes; the app writes into them, the holder keeps their read ends, the
     * daemon reads them through the returned streams.
     */
    public Spawned spawnPiped(List<String> argv, Path cwd, Map<String, String> env, List<Fd> extra) throws IOException {
        List<int[]> pipes = new ArrayList<>(2);
        try {
            int[] out = PosixSpawn.pipe();
            pipes.add(out);
            int[] err = PosixSpawn.pipe();
            pipes.add(err);
            List<Fd> fds = new ArrayList<>(List.of(new Fd.Open(0, DEV_NULL, false), new Fd.Dup(1, out[1]), new Fd.Dup(2, err[1])));
            fds.addAll(extra);
            long pid = PosixSpawn.spawn(argv, cwd, env, fds);
            InputStream stdout = null;
            try {
                long holder = PipeHolder.start(pid, out[0], err[0]);
                // while the daemon still holds the write ends, these opens cannot block
                stdout = PosixSpawn.readStream(out[0]);
                return new Spawned(pid, stdout, PosixSpawn.readStream(err[0]), holder);
            } catch (IOException | RuntimeException e) {
                if (stdout != null) stdout.close();
                jpm.os.Signals.signalGroup(pid, "SIGKILL"); // nobody could read it: no half-started app
                throw e;
            }
        } finally {
            for (int[] p : pipes) {
                PosixSpawn.close(p[0]);
                PosixSpawn.close(p[1]);
            }
        }
    }
}
