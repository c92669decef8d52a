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
 * (pid == pgid == sid), stdin from /dev/null or, with {@code stdin: message}, a pipe whose
 * write end the daemon keeps, and stdout/stderr either appended straight to its log files
 * (direct mode: no daemon CPU, nothing lost if the daemon dies) or into pipes the daemon reads
 * (piped mode). Each pipe is also held by a {@link PipeHolder}, so a daemon crash neither ends
 * the app with SIGPIPE nor shows it the end of its stdin. Hooks' commands start here too
 * ({@link #spawnHook}).
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

    /**
     * A started process; in piped mode the read ends of its stdout and stderr; its pipe holder (0
     * if none); with a stdin pipe, the daemon's write end, non-blocking (-1 if none: /dev/null).
     */
    public record Spawned(long pid, InputStream stdout, InputStream stderr, long holderPid, int stdinWrite) {}

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
     * {@code stdinPipe}: the app reads a pipe the daemon writes ({@code stdin: message}), else /dev/null.
     */
    public Spawned spawn(List<String> argv, Path cwd, Map<String, String> env, Path out, Path err, long appUid, List<Fd> extra,
                         boolean stdinPipe) throws IOException {
        List<Integer> opened = new ArrayList<>(2);
        int[] in = stdinPipe ? PosixSpawn.pipe() : null;
        try {
            List<Fd> fds = new ArrayList<>(List.of(stdin(in), logFd(1, out, appUid, opened), logFd(2, err, appUid, opened)));
            fds.addAll(extra);
            long pid;
            try {
                pid = PosixSpawn.spawn(argv, cwd, env, fds);
            } catch (IOException e) {
                throw whyTheLogFailed(fds, appUid).orElse(e);
            }
            if (in == null) return new Spawned(pid, null, null, 0, -1);
            long holder = holdOrKill(pid, List.of(in[1]));
            return new Spawned(pid, null, null, holder, keepWriteEnd(pid, in));
        } finally {
            opened.forEach(PosixSpawn::close);
            closePipe(in);
        }
    }

    /** fd 0 of the app: /dev/null, or the read end of its stdin pipe. */
    private static Fd stdin(int[] in) {
        return in == null ? new Fd.Open(0, DEV_NULL, false) : new Fd.Dup(0, in[0]);
    }

    /** A pipe holder for these descriptors of the app {@code pid} (0 if none can run); a holder that fails to start takes the app down. */
    private static long holdOrKill(long pid, List<Integer> held) throws IOException {
        try {
            return PipeHolder.start(pid, held);
        } catch (IOException | RuntimeException e) {
            jpm.os.Signals.signalGroup(pid, "SIGKILL"); // a pipe the next daemon could not reopen: no half-started app
            throw e;
        }
    }

    /** The write end of the app's stdin pipe, made non-blocking, for the daemon to keep (no longer closed with the pipe). */
    private static int keepWriteEnd(long pid, int[] in) throws IOException {
        try {
            jpm.os.Pipes.setNonBlocking(in[1]);
        } catch (IOException e) {
            jpm.os.Signals.signalGroup(pid, "SIGKILL");
            throw e;
        }
        int fd = in[1];
        in[1] = -1;
        return fd;
    }

    private static void closePipe(int[] p) {
        if (p == null) return;
        PosixSpawn.close(p[0]);
        PosixSpawn.close(p[1]);
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
     * A health probe's command ({@link HealthProbes}), in its own session like an app, so that its
     * whole process group can be killed at its timeout; stdin, stdout and stderr are /dev/null
     * (its exit code is its answer).
     */
    long spawnProbe(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        return PosixSpawn.spawn(argv, cwd, env,
                List.of(new Fd.Open(0, DEV_NULL, false), new Fd.Open(1, DEV_NULL, true), new Fd.Open(2, DEV_NULL, true)));
    }

    /**
     * Piped mode: two pipes; the app writes into them, the holder keeps their read ends, the
     * daemon reads them through the returned streams. {@code stdinPipe} as in {@link #spawn}.
     */
    public Spawned spawnPiped(List<String> argv, Path cwd, Map<String, String> env, List<Fd> extra, boolean stdinPipe)
            throws IOException {
        List<int[]> pipes = new ArrayList<>(3);
        try {
            int[] out = PosixSpawn.pipe();
            pipes.add(out);
            int[] err = PosixSpawn.pipe();
            pipes.add(err);
            int[] in = stdinPipe ? PosixSpawn.pipe() : null;
            if (in != null) pipes.add(in);
            List<Fd> fds = new ArrayList<>(List.of(stdin(in), new Fd.Dup(1, out[1]), new Fd.Dup(2, err[1])));
            fds.addAll(extra);
            long pid = PosixSpawn.spawn(argv, cwd, env, fds);
            long holder = holdOrKill(pid, in == null ? List.of(out[0], err[0]) : List.of(out[0], err[0], in[1]));
            int stdinWrite = in == null ? -1 : keepWriteEnd(pid, in);
            InputStream stdout = null;
            try {
                // while the daemon still holds the write ends, these opens cannot block
                stdout = PosixSpawn.readStream(out[0]);
                return new Spawned(pid, stdout, PosixSpawn.readStream(err[0]), holder, stdinWrite);
            } catch (IOException | RuntimeException e) {
                if (stdout != null) stdout.close();
                PosixSpawn.close(stdinWrite);
                jpm.os.Signals.signalGroup(pid, "SIGKILL"); // nobody could read it: no half-started app
                throw e;
            }
        } finally {
            pipes.forEach(Spawner::closePipe);
        }
    }
}
