package jpm.daemon;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Keeps a piped app's output pipes open for reading when the daemon is gone, so a daemon crash
 * or `jpm update` does not kill the app with SIGPIPE: while no daemon reads, the app's writes
 * fill the pipe buffer (64 KiB) and then block, and the next daemon reopens the pipes through
 * {@code /proc/PID/fd/1} and {@code /2} and reads on where the last one stopped.
 *
 * <p>The holder is a tiny process per piped instance, outside the app's process group and
 * without its tag: {@code bash} opens the two pipes read-only (it never reads them), then
 * becomes {@code tail --pid=PID -f /dev/null}, which ends within a second of the app. Only
 * the pid, a number, goes into the script.
 */
final class PipeHolder {
    private static final String BASH = Spawner.firstExecutable("/bin/bash", "/usr/bin/bash");
    private static final String TAIL = Spawner.firstExecutable("/usr/bin/tail", "/bin/tail");

    private PipeHolder() {}

    /** Starts a holder for the app process {@code pid}; false (and nothing started) if impossible. */
    static boolean start(long pid) {
        if (BASH == null || TAIL == null) return false;
        ProcessBuilder pb = new ProcessBuilder(List.of(BASH, "-c",
                "exec 3</proc/$1/fd/1 4</proc/$1/fd/2 && exec " + TAIL + " --pid=\"$1\" -f /dev/null", "jpm-pipe-holder",
                Long.toString(pid)));
        pb.environment().clear();
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            pb.start();
            return true;
        } catch (IOException e) {
            return false;
        }
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
