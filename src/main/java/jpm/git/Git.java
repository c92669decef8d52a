package jpm.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code git} with an argument vector in a directory and gives back what it printed. Never
 * prompts: a fetch that needs a password the user's configuration does not supply fails instead
 * of hanging a daemon thread.
 */
public final class Git {
    /** What a run printed; {@code exitCode} 0 is success. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8).strip();
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final String executable;
    private final Duration timeout;

    public Git(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** The {@code git} on PATH, with a timeout that suits a fetch over a slow network. */
    public static Git onPath() {
        return new Git("git", Duration.ofMinutes(2));
    }

    /** Runs {@code git -C dir args...}; a non-zero exit is a {@link Result}, not an exception. */
    public Result run(Path dir, String... args) throws GitException {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.add("-C");
        argv.add(dir.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0"); // no password prompt on a terminal nobody reads
        pb.environment().put("GIT_ASKPASS", "true");      // nor through an askpass program: a failed fetch instead
        pb.environment().put("LC_ALL", "C");              // messages jpm quotes are the same on every machine
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GitException("cannot run " + executable + ": install git, or put it on PATH (" + e.getMessage() + ")");
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), Thread::startVirtualThread);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), Thread::startVirtualThread);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GitException("git " + String.join(" ", args) + " in " + dir + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while running git " + String.join(" ", args));
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0]; // the process is gone: its exit code tells what happened
        }
    }
}
