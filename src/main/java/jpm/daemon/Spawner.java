package jpm.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a child in its own session and process group with stdin from /dev/null and
 * stdout/stderr appended straight to its log files (no daemon CPU, nothing lost if the daemon
 * dies).
 *
 * <p>Interim design (ARCHITECTURE.md allows it): {@link ProcessBuilder} cannot create a process
 * group, so the child is launched through util-linux {@code setsid}, which execs in place
 * because a child of the JVM is never a group leader: pid == pgid == sid. The FFM
 * {@code posix_spawn} spawner replaces this class when cluster mode needs fd passing.
 */
public final class Spawner {
    private final String setsid;

    public Spawner(String setsid) {
        this.setsid = setsid;
    }

    public static Spawner locate() {
        String setsid = firstExecutable("/usr/bin/setsid", "/bin/setsid");
        if (setsid == null) throw new IllegalStateException("util-linux setsid not found in /usr/bin or /bin: install util-linux");
        return new Spawner(setsid);
    }

    /** The first of these absolute paths that is an executable file, or null. */
    static String firstExecutable(String... candidates) {
        for (String c : candidates) {
            if (new File(c).canExecute()) return c;
        }
        return null;
    }

    /** Direct mode: stdout and stderr appended straight to the files. */
    public Process spawn(List<String> argv, Path cwd, Map<String, String> env, Path out, Path err) throws IOException {
        return spawn(argv, cwd, env, ProcessBuilder.Redirect.appendTo(out.toFile()), ProcessBuilder.Redirect.appendTo(err.toFile()));
    }

    /** Piped mode: stdout and stderr are pipes that the daemon reads (Process.getInputStream / getErrorStream). */
    public Process spawnPiped(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        return spawn(argv, cwd, env, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
    }

    private Process spawn(List<String> argv, Path cwd, Map<String, String> env, ProcessBuilder.Redirect out,
                          ProcessBuilder.Redirect err) throws IOException {
        List<String> cmd = new ArrayList<>(argv.size() + 1);
        cmd.add(setsid);
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(out);
        pb.redirectError(err);
        return pb.start();
    }
}
