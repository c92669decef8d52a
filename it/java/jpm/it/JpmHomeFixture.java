package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jpm.json.Json;
import jpm.os.ProcFs;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh JPM_HOME per test and a way to run the real {@code bin/jpm} against it. After each test
 * the daemon is killed and any process left in a group jpm started is SIGKILLed, so a failing
 * test never leaks processes into the next one.
 */
public final class JpmHomeFixture implements BeforeEachCallback, AfterEachCallback {
    public static final Path BIN = Path.of(System.getProperty("jpm.bin", "bin/jpm")).toAbsolutePath();
    public static final Path FIXTURES = Path.of(System.getProperty("jpm.fixtures", "it/fixtures")).toAbsolutePath();
    public static final Path JAR = Path.of(System.getProperty("jpm.jar", "target/jpm.jar")).toAbsolutePath();
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private Path home;
    private final Set<Long> seenGroups = new HashSet<>();

    public record Result(int exit, String out, String err) {
        public Result ok() {
            assertThat(exit).as("exit code; stdout=%s stderr=%s", out, err).isZero();
            return this;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        // Short path under /tmp: Unix socket paths are limited to 107 bytes.
        home = Files.createTempDirectory(Path.of("/tmp"), "jpm-it-");
        Files.delete(home); // jpm creates it, with its own modes
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            jpm("kill");
        } finally {
            for (long pgid : seenGroups) {
                if (!ProcFs.liveMembers(pgid).isEmpty()) new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start();
            }
            // and anything else of this home (a test that crashed its daemon, an escaper): found by tag
            for (ProcFs.Stat st : ProcFs.all()) {
                if (!st.zombie() && home.toString().equals(ProcFs.environ(st.pid()).get("JPM_HOME"))) {
                    new ProcessBuilder("kill", "-KILL", Long.toString(st.pid())).start();
                }
            }
            deleteTree(home);
        }
    }

    public Path home() {
        return home;
    }

    /** Runs bin/jpm with JPM_HOME set to this fixture's home. */
    public Result jpm(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN.toString());
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("JPM_HOME", home.toString()));
    }

    /** Runs bin/jpm with JPM_HOME set to this fixture's home and extra environment variables. */
    public Result jpmWithEnv(Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN.toString());
        cmd.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("JPM_HOME", home.toString());
        return run(cmd, env);
    }

    /** Runs bin/jpm in the directory {@code cwd} (where relative scripts are found). */
    public Result jpmIn(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN.toString());
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("JPM_HOME", home.toString()), cwd);
    }

    public Result run(List<String> cmd, Map<String, String> env) {
        return run(cmd, env, null);
    }

    private Result run(List<String> cmd, Map<String, String> env, Path cwd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (cwd != null) pb.directory(cwd.toFile());
            pb.environment().putAll(env);
            Path out = Files.createTempFile("jpm-it-out", ".txt");
            Path err = Files.createTempFile("jpm-it-err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            // decoded with U+FFFD for what is not UTF-8: some tests check how jpm passes on an app's stray bytes
            Result r = new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** jpm jlist, parsed; remembers every pid seen so cleanup can kill its group. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> jlist() {
        Result r = jpm("jlist").ok();
        List<Map<String, Object>> list = (List<Map<String, Object>>) Json.parse(r.out().strip());
        for (Map<String, Object> i : list) {
            if (i.get("pid") instanceof Long pid) seenGroups.add(pid);
        }
        return list;
    }

    public long daemonPid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip());
    }

    /** Live processes of this home by their JPM_ID tag: each instance's whole tree, wherever it went. */
    public Map<String, List<Long>> taggedProcesses() {
        Map<String, List<Long>> out = new java.util.HashMap<>();
        for (ProcFs.Stat st : ProcFs.all()) {
            if (st.zombie()) continue;
            Map<String, String> env = ProcFs.environ(st.pid());
            // JPM_ID: the daemon itself may carry JPM_HOME (inherited from the CLI), but never a JPM_ID
            if (home.toString().equals(env.get("JPM_HOME")) && env.containsKey("JPM_ID")) {
                out.computeIfAbsent(env.get("JPM_ID"), k -> new ArrayList<>()).add(st.pid());
            }
        }
        return out;
    }

    /** Rotated files of a log file (jpm names them {@code <stem>__<time>.log}), newest first. */
    public List<Path> rotatedLogs(Path live) throws IOException {
        String name = live.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.')) + "__";
        List<Path> out = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(live.getParent(), stem + "*")) {
            ds.forEach(p -> {
                if (!p.toString().endsWith(".tmp")) out.add(p); // a compression under way
            });
        }
        out.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return out;
    }

    /** Whether a process has exited: gone, or a zombie not reaped yet. */
    public boolean exited(long pid) {
        return ProcFs.stat(pid).map(ProcFs.Stat::zombie).orElse(true);
    }

    /** The process group of a live process, or -1. */
    public long groupOf(long pid) {
        return ProcFs.stat(pid).map(ProcFs.Stat::pgid).orElse(-1L);
    }

    public static Path fixture(String name) {
        return FIXTURES.resolve(name);
    }

    /** A TCP port free now on this machine, for an app (or a probe) of the test to listen on. */
    /** Deletes a directory and everything below it (symlinks themselves, not what they point at); nothing when it is gone. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * A new directory under /tmp that every user may read and enter (0755), for files another
     * user must read: a systemd manager's units, what a test running as nobody opens. JUnit's
     * {@code @TempDir} is 0700.
     */
    public static Path openScratchDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Live (non-zombie) members of a process group. */
    public static List<Long> liveMembers(long pgid) {
        return ProcFs.liveMembers(pgid);
    }
}
