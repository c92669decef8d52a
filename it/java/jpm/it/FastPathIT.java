package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The picocli-free fast path of ping, ls and jlist (jpm.cli.FastPath) prints what picocli's path
 * prints, byte for byte, with the same exit code. Each command runs in both forms: as typed (fast)
 * and with --home after the verb, which the fast path leaves to picocli. Each run is checked to
 * have taken the path it should, from the classes its JVM loaded.
 */
class FastPathIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    /** So that the JVM reads the non-ASCII name from argv as it is, whatever the locale of the build. */
    static final Map.Entry<String, String> UTF8 = Map.entry("LC_ALL", "C.UTF-8");

    record Run(JpmHomeFixture.Result result, boolean picocli) {}

    /**
     * The CLI's jar run by this JDK with a class-load log (not bin/jpm: its AOT cache would load
     * picocli's classes whether used or not); whether picocli was loaded.
     */
    private Run run(String... args) throws IOException {
        Path dir = Files.createTempDirectory("jpm-fastpath-");
        Path log = dir.resolve("classes.log");
        try {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-Xshare:auto", "-Xlog:disable", "-Xlog:class+load=info:file=" + log,
                    "--enable-native-access=ALL-UNNAMED", "-jar", JpmHomeFixture.JAR.toString()));
            cmd.addAll(List.of(args));
            JpmHomeFixture.Result r = jpm.run(cmd, Map.of(UTF8.getKey(), UTF8.getValue(), "JPM_HOME", jpm.home().toString()));
            return new Run(r, Files.readString(log).contains(" picocli."));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /** The same command taking the fast path, then picocli's; both outputs, ping's uptime blanked. */
    private void assertSameBothWays(String verb, String... options) throws IOException {
        List<String> fast = new ArrayList<>(List.of("--home", jpm.home().toString(), verb));
        fast.addAll(List.of(options));
        List<String> slow = new ArrayList<>(List.of(verb));
        slow.addAll(List.of(options));
        slow.addAll(List.of("--home", jpm.home().toString()));

        Run f = run(fast.toArray(String[]::new));
        Run s = run(slow.toArray(String[]::new));
        assertThat(f.picocli()).as("%s: fast path taken", fast).isFalse();
        assertThat(s.picocli()).as("%s: picocli's path taken", slow).isTrue();
        assertThat(f.result().exit()).as("exit code of %s", fast).isZero();
        assertThat(s.result().exit()).as("exit code of %s", slow).isZero();
        assertThat(f.result().err()).isEmpty();
        assertThat(stable(f.result().out())).as("%s", fast).isEqualTo(stable(s.result().out()));
    }

    /** No daemon can be started (the home cannot be made): both paths print the same error and exit code. */
    @Test
    void aDaemonThatCannotStartIsReportedTheSameByBothPaths() throws IOException {
        Path file = Files.createTempFile("jpm-fastpath-", ".file");
        try {
            String home = file.resolve("home").toString(); // under a regular file
            Run f = run("--home", home, "ls");
            Run s = run("ls", "--home", home);
            assertThat(f.picocli()).isFalse();
            assertThat(s.picocli()).isTrue();
            assertThat(f.result().exit()).isEqualTo(s.result().exit()).isNotZero();
            assertThat(f.result().out()).isEmpty();
            assertThat(f.result().err()).isEqualTo(s.result().err()).startsWith("jpm: cannot start the jpm daemon in " + home);
        } finally {
            Files.delete(file);
        }
    }

    /** ping's uptime and last scan change between two runs; nothing else may. */
    private static String stable(String out) {
        return out.replaceAll("up \\d+[smhd]", "up T").replaceAll("\"(uptime_ms|last_scan_micros)\":\\d+", "\"$1\":0");
    }

    @Test
    void pingLsAndJlistPrintTheSameWithAndWithoutPicocli() throws IOException {
        // no daemon yet: the fast path starts one
        Run first = run("ping");
        assertThat(first.picocli()).isFalse();
        assertThat(first.result().ok().out()).startsWith("pong: daemon pid ");

        for (String verb : List.of("ls", "list", "status", "jlist")) assertSameBothWays(verb);
        assertSameBothWays("ls", "--json");

        // A stopped instance (its row is fixed: no pid, uptime, cpu or memory) and a name that is
        // not ASCII (the bytes must be the same encoding).
        jpm.jpmWithEnv(Map.ofEntries(UTF8), "start", "--name", "fast-é", "sleep", "--", "60").ok();
        jpm.jpmWithEnv(Map.ofEntries(UTF8), "stop", "fast-é").ok();
        jpm.jpm("start", "--name", "other", "--namespace", "jobs", "-i", "2", "sleep", "--", "60").ok();
        jpm.jpm("stop", "jobs").ok();
        for (String verb : List.of("ls", "list", "status", "jlist")) assertSameBothWays(verb);
        assertSameBothWays("ls", "--json");
        assertSameBothWays("jlist", "--json");
        assertSameBothWays("ping");
        assertSameBothWays("ping", "--json");

        String ls = run("ls").result().ok().out();
        assertThat(jpm.jpm("ls").ok().out()).as("bin/jpm, with its flags and AOT cache").isEqualTo(ls);
        assertThat(ls).startsWith("id  name    namespace  inst  pid  status   restarts  uptime  cpu  memory\n")
                .contains("\n0   fast-é  default    0     -    stopped  0         -       -    -\n");
        assertThat(run("ping").result().out()).matches("pong: daemon pid \\d+, up \\d+[smhd], 2 app\\(s\\), 3 instance\\(s\\)\n");
    }

    @Test
    void otherFormsStillGoThroughPicocli() throws IOException {
        jpm.jpm("ping").ok();
        Run help = run("ping", "--help");
        assertThat(help.picocli()).isTrue();
        assertThat(help.result().out()).startsWith("Usage: jpm ping");
        Run bad = run("ls", "--bogus");
        assertThat(bad.picocli()).isTrue();
        assertThat(bad.result().exit()).isEqualTo(2);
        assertThat(bad.result().err()).contains("Unknown option: '--bogus'");
        Run extra = run("jlist", "x");
        assertThat(extra.picocli()).isTrue();
        assertThat(extra.result().exit()).isEqualTo(2);
    }
}
