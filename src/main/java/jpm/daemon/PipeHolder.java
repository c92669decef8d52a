package jpm.daemon;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jpm.os.PosixSpawn;
import jpm.os.PosixSpawn.Fd;

/**
 * Keeps an app's pipes open when the daemon is gone. Its output pipes (piped mode) stay open for
 * reading, so a daemon crash or `jpm update` does not kill the app with SIGPIPE: while no daemon
 * reads, the app's writes fill the pipe buffer (64 KiB) and then block, and the next daemon
 * reopens the pipes through {@code /proc/PID/fd/1} and {@code /2} and reads on where the last
 * one stopped. Its stdin pipe ({@code stdin: message}) stays open for writing, so the app does
 * not read an end of file; the next daemon reopens it through {@code /proc/PID/fd/0}.
 *
 * <p>The holder is a tiny process per such instance, in its own session and without the app's
 * tag: {@code tail --pid=PID -f /dev/null}, given the pipe ends as fds 3 and up (it never
 * reads nor writes them), which ends within a second of the app.
 */
final class PipeHolder {
    private static final String TAIL = Spawner.firstExecutable("/usr/bin/tail", "/bin/tail");

    private PipeHolder() {}

    /** Starts a holder of these pipe ends for the app process {@code pid}: its pid, or 0 if impossible (no tail). */
    static long start(long pid, List<Integer> held) throws IOException {
        if (TAIL == null) return 0;
        List<Fd> fds = new java.util.ArrayList<>(List.of(new Fd.Open(0, Path.of("/dev/null"), false),
                new Fd.Open(1, Path.of("/dev/null"), true), new Fd.Open(2, Path.of("/dev/null"), true)));
        for (int i = 0; i < held.size(); i++) fds.add(new Fd.Dup(3 + i, held.get(i)));
        return PosixSpawn.spawn(List.of(TAIL, "--pid=" + pid, "-f", "/dev/null"), Path.of("/"), Map.of(), fds);
    }

    /**
     * The write end of a live app's stdin pipe, reopened through /proc, non-blocking; fails when
     * fd 0 is not a pipe any more or nothing reads it.
     */
    static int reopenStdin(long pid) throws IOException {
        if (!isPipe(pid, 0)) throw new IOException("its stdin is no longer a pipe");
        return jpm.os.Pipes.openForWriting("/proc/" + pid + "/fd/0");
    }

    /** The read end of one of a live process's output pipes (fd 1 or 2), reopened through /proc. */
    static InputStream reopen(long pid, int fd) throws IOException {
        return new FileInputStream("/proc/" + pid + "/fd/" + fd);
    }

    /** Whether the process's fd is a pipe (a piped app adopted after a daemon restart). */
    static boolean isPipe(long pid, int fd) {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + pid + "/fd/" + fd)).toString().startsWith("pipe:");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether two fds of a process are the same pipe (one inode): then only one may be read. */
    static boolean samePipe(long pid, int a, int b) {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + pid + "/fd/" + a))
                    .equals(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + pid + "/fd/" + b)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
