package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jpm.os.PosixSpawn.Fd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM spawner and the exit watcher against real short-lived processes. */
class PosixSpawnTest {
    private static final Path SH = Path.of("/bin/sh");
    private static ExitWatcher watcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWatcher() throws IOException {
        watcher = ExitWatcher.start("test-exits", System.err::println);
    }

    private static List<Fd> quiet(Path out) {
        return List.of(new Fd.Open(0, Path.of("/dev/null"), false), new Fd.Open(1, out, true), new Fd.Open(2, out, true));
    }

    private ExitWatcher.Exit runToEnd(String script, Path out) throws Exception {
        long pid = PosixSpawn.spawn(List.of(SH.toString(), "-c", script), dir, Map.of("PATH", "/usr/bin:/bin"), quiet(out));
        CompletableFuture<ExitWatcher.Exit> done = new CompletableFuture<>();
        watcher.watchChild(pid, (w, exit) -> done.complete(exit));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void exitCodesAndSignalsAreTold() throws Exception {
        Path out = dir.resolve("out.log");
        assertThat(runToEnd("exit 7", out)).isEqualTo(new ExitWatcher.Exit(7, null));
        assertThat(runToEnd("kill -TERM $$", out)).isEqualTo(new ExitWatcher.Exit(null, "SIGTERM"));
        // a program that exits with 128 + n is not taken for a signal (the JDK could not tell them apart)
        assertThat(runToEnd("exit 137", out)).isEqualTo(new ExitWatcher.Exit(137, null));
    }

    @Test
    void theChildLeadsItsOwnSessionInItsCwdWithExactlyItsEnvAndFiles() throws Exception {
        Path out = dir.resolve("out.log");
        Files.writeString(out, "before\n");
        ExitWatcher.Exit exit = runToEnd("echo \"pid=$$ cwd=$(pwd) env=$ONLY\"; ps -o pid=,pgid=,sid= -p $$; ls /proc/$$/fd; echo err >&2", out);
        assertThat(exit.code()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.getFirst()).as("appended, not truncated").isEqualTo("before");
        String pid = lines.get(1).replaceAll("^pid=(\\d+) .*", "$1");
        assertThat(lines.get(1)).isEqualTo("pid=" + pid + " cwd=" + dir.toRealPath() + " env=");
        assertThat(lines.get(2).trim().split("\\s+")).as("pid == pgid == sid").containsExactly(pid, pid, pid);
        assertThat(lines).contains("err");
    }

    @Test
    void onlyThePlacedDescriptorsAreInherited() throws Exception {
        Path out = dir.resolve("out.log");
        int[] pipe = PosixSpawn.pipe();
        try {
            // fd 3 is placed from a close-on-exec pipe; ls's own directory fd shows up as well
            long pid = PosixSpawn.spawn(List.of(SH.toString(), "-c", "echo $(ls /proc/self/fd | sort -n | tr '\\n' ' ') >&3; echo hi >&3"),
                    dir, Map.of("PATH", "/usr/bin:/bin"), List.of(new Fd.Open(0, Path.of("/dev/null"), false), new Fd.Open(1, out, true),
                            new Fd.Open(2, out, true), new Fd.Dup(3, pipe[1])));
            CompletableFuture<ExitWatcher.Exit> done = new CompletableFuture<>();
            watcher.watchChild(pid, (w, exit) -> done.complete(exit));
            InputStream in = PosixSpawn.readStream(pipe[0]);
            PosixSpawn.close(pipe[1]);
            String got = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            in.close();
            assertThat(done.get(10, TimeUnit.SECONDS).code()).isZero();
            // the subshell of $(...) sees 0-3 plus its own pipe to the shell (4) and ls's directory fd
            assertThat(got.lines().toList()).hasSize(2).last().isEqualTo("hi");
            assertThat(got.lines().findFirst().orElseThrow().trim().split(" ")).startsWith("0", "1", "2", "3")
                    .doesNotContain(Integer.toString(pipe[0]));
        } finally {
            PosixSpawn.close(pipe[0]);
        }
    }

    @Test
    void aProgramThatCannotRunIsAnErrorNamingIt() {
        assertThatThrownBy(() -> PosixSpawn.spawn(List.of("/no/such/program"), dir, Map.of(), quiet(dir.resolve("x"))))
                .isInstanceOf(IOException.class).hasMessage("cannot run /no/such/program: it does not exist");
        assertThatThrownBy(() -> PosixSpawn.spawn(List.of(SH.toString()), dir.resolve("gone"), Map.of(), quiet(dir.resolve("x"))))
                .isInstanceOf(IOException.class).hasMessage("cannot run /bin/sh: its working directory " + dir.resolve("gone") + " does not exist");
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsAnErrorNamingBoth() throws Exception {
        // the kernel says ENOENT, "no such file", about a script that exists: the #! line is read to say which file is missing
        Path script = dir.resolve("x.sh");
        Files.writeString(script, "#!/nonexistent/sh -e\necho hi\n");
        script.toFile().setExecutable(true);
        assertThatThrownBy(() -> PosixSpawn.spawn(List.of(script.toString()), dir, Map.of(), quiet(dir.resolve("x"))))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot run " + script + ": its interpreter /nonexistent/sh (from its #! line) does not exist");

        Path garbage = dir.resolve("garbage");
        Files.write(garbage, new byte[] {1, 2, 3, '\n'});
        garbage.toFile().setExecutable(true);
        assertThatThrownBy(() -> PosixSpawn.spawn(List.of(garbage.toString()), dir, Map.of(), quiet(dir.resolve("x"))))
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot run " + garbage + ": the kernel cannot execute it");
    }

    @Test
    void anotherProcessEndsWithoutAStatus() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start(); // the JDK's child: we may watch, not reap
        CompletableFuture<ExitWatcher.Exit> done = new CompletableFuture<>();
        assertThat(watcher.watchOther(p.pid(), (w, exit) -> done.complete(exit))).isPresent();
        assertThat(watcher.reapsChild(p.pid())).isFalse();
        p.destroy();
        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(new ExitWatcher.Exit(null, null));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("its status stayed for its own waiter").isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
    }
}
