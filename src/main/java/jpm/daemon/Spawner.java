package jpm.daemon;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.os.PathWalk;
import jpm.os.PosixSpawn;
import jpm.os.PosixSpawn.Fd;

/**
 * Starts an app's process with {@link PosixSpawn}: its own session and process group
 * (pid == pgid == sid), stdin from /dev/null, and stdout/stderr either appended straight to its
 * log files (direct mode: no daemon CPU, nothing lost if the daemon dies) or into pipes the
 * daemon reads (piped mode), each pipe also held by a {@link PipeHolder} so a daemon crash
 * does not end the app with SIGPIPE.
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
     * Direct mode: stdout and stderr appended straight to the files; {@code extra}: fd 3 and up
     * (cluster mode). The daemon opens the files itself, walking their directories with
     * {@link PathWalk} (no stranger's link in a shared sticky directory, and no window between
     * that check and the open), and hands the descriptors over: an app of another user
     * ({@code appUid}) needs no access to the log directory.
     */
    public Spawned spawn(List<String> argv, Path cwd, Map<String, String> env, Path out, Path err, long appUid, List<Fd> extra)
            throws IOException {
        int outFd = -1;
        int errFd = -1;
        try {
            outFd = logs.openAppend(out, appUid);
            errFd = logs.openAppend(err, appUid);
            List<Fd> fds = new ArrayList<>(List.of(new Fd.Open(0, DEV_NULL, false), new Fd.Dup(1, outFd), new Fd.Dup(2, errFd)));
            fds.addAll(extra);
            return new Spawned(PosixSpawn.spawn(argv, cwd, env, fds), null, null, 0);
        } finally {
            PosixSpawn.close(outFd);
            PosixSpawn.close(errFd);
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
