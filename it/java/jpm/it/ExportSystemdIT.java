package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpm export systemd} with the real bin/jpm and systemd's own tools: systemd-analyze verify
 * on every unit written, and, where the machine allows it, a real systemd user manager (in a
 * private mount namespace, so it believes systemd is the init system; nothing of the host's is
 * touched) that starts an exported unit and so shows what it parsed out of the quoting.
 */
class ExportSystemdIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    static final Path MANAGER = Path.of("/lib/systemd/systemd");
    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** Values that each quoting rule must carry through: quotes, spaces, specifiers, variables, escapes, separators. */
    static final List<String> AWKWARD = List.of("it's \"quoted\"", "a  b", "100%", "%i %n %%", "$HOME", "${PATH}", "$$",
            "back\\slash", "\\n", ";", "a;b", "tab\there", "line1\nline2", "", " lead and trail ", "`echo no`", "#not a comment",
            "café ☕");

    Path scratch;

    @BeforeEach
    void scratch() throws IOException {
        scratch = JpmHomeFixture.openScratchDir("jpm-export-it-");
    }

    @AfterEach
    void removeScratch() throws IOException {
        JpmHomeFixture.deleteTree(scratch);
    }

    @Test
    void everyUnitWrittenPassesSystemdAnalyzeVerifyAsSystemAndAsUserUnits() throws Exception {
        Path file = shop();
        for (boolean user : List.of(false, true)) {
            Path out = scratch.resolve(user ? "user-units" : "system-units");
            List<String> args = new ArrayList<>(List.of("export", "systemd", file.toString(), "-o", out.toString()));
            if (user) args.add("--user");
            JpmHomeFixture.Result r = jpm.jpm(args.toArray(String[]::new)).ok();
            assertThat(r.err()).contains("shop.yaml:").contains("/apps/0/watch: watch does not carry over");
            assertThat(r.out()).contains("wrote " + out.resolve("jpm-default-web@.service") + "\n")
                    .contains("wrote " + out.resolve("jpm-shop.target") + "\n");
            assertThat(mode(out.resolve("jpm-default-web.env"))).isEqualTo("rw-------");
            assertThat(mode(out.resolve("jpm-default-web@.service"))).isEqualTo("rw-r--r--");

            List<String> units = new ArrayList<>(List.of("jpm-default-web@0.service", "jpm-default-web@1.service",
                    "jpm-default-db@0.service", "jpm-default-web-cron.timer", "jpm-default-web-cron.service", "jpm-shop.target"));
            assertThat(files(out)).containsAll(List.of("jpm-default-web@.service", "jpm-default-db@.service",
                    "jpm-default-web-cron.timer", "jpm-default-web-cron.service", "jpm-shop.target", "jpm-default-web.env",
                    "jpm-default-web@1.service.d/increment-var.conf"));
            assertVerifies(out, units, user);

            // printed, the same files
            List<String> printArgs = new ArrayList<>(args.subList(0, 3));
            if (user) printArgs.add("--user");
            String printed = jpm.jpm(printArgs.toArray(String[]::new)).ok().out();
            Map<String, String> byName = splitPrinted(printed);
            assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(files(out));
            for (Map.Entry<String, String> e : byName.entrySet()) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(Files.readString(out.resolve(e.getKey())));
            }
        }
    }

    @Test
    void envMergesItsVariablesIntoTheUnit() throws Exception {
        Path file = helloFile("env", """
                apps:
                  - name: web
                    script: %s
                    env: {MODE: fast}
                    env_production: {MODE: safe}
                """);
        assertThat(jpm.jpm("export", "systemd", file.toString()).ok().out()).contains("Environment=\"MODE=fast\"");
        String unit = jpm.jpm("export", "systemd", file.toString(), "--env", "production").ok().out();
        assertThat(unit).contains("Environment=\"MODE=safe\"").doesNotContain("MODE=fast");
    }

    @Test
    void systemdAnalyzeVerifyAsRunHereDoesCatchABrokenUnit() throws Exception {
        Path out = scratch.resolve("units");
        jpm.jpm("export", "systemd", shop().toString(), "-o", out.toString()).ok();
        Path unit = out.resolve("jpm-default-db@.service");
        Files.writeString(unit, Files.readString(unit).replace("KillSignal=SIGINT", "KillSignal=SIGBOGUS"));
        JpmHomeFixture.Result r = verify(out, List.of("jpm-default-db@0.service"), false);
        assertThat(r.out() + r.err()).contains("SIGBOGUS");
    }

    @Test
    void aScheduleOnCalendarCannotExpressExitsWith2AtItsLineAndWritesNothing() throws Exception {
        Path file = helloFile("cron", """
                apps:
                  - name: report
                    script: %s
                    cron_restart: "0 6 15W * *"
                """);
        Path out = scratch.resolve("units");
        JpmHomeFixture.Result r = jpm.jpm("export", "systemd", file.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(file + ":4:19: /apps/0/cron_restart: cron_restart '0 6 15W * *' cannot be a systemd timer:"
                + " day-of-month '15W' is the nearest weekday").contains("\njpm: 1 problem in " + file + "; nothing was written\n")
                .doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aScriptThatIsNotFoundIsAnErrorAtTheApp() throws Exception {
        Path file = Files.writeString(scratch.resolve("missing.yaml"), "apps:\n  - name: ghost\n    script: ./no-such-thing.sh\n");
        JpmHomeFixture.Result r = jpm.jpm("export", "systemd", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":3:13: /apps/0/script: app 'ghost': script ").contains("not found")
                .contains("nothing was written").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    /** A systemd user manager of the test's own runs in a private mount namespace: root, unshare and systemd. */
    private static void assumeAManagerCanRun() {
        assumeThat(ROOT).as("a private mount namespace (unshare -m) needs root").isTrue();
        assumeThat(UNSHARE).as("unshare (util-linux) is installed").isExecutable();
        assumeThat(MANAGER).as("systemd is installed").isExecutable();
    }

    /**
     * The round trip: the awkward values go through the ecosystem file, jpm's quoting and
     * systemd's parser into a real process, which writes down its argv and environment.
     */
    @Test
    void aRunningSystemdManagerStartsTheAppWithExactlyTheArgvAndEnvOfTheFile() throws Exception {
        assumeAManagerCanRun();
        Path script = Files.copy(JpmHomeFixture.fixture("argv-env.sh"), scratch.resolve("argv-env.sh"));
        Path dump = Files.createDirectories(scratch.resolve("dump"));
        StringBuilder yaml = new StringBuilder("apps:\n  - name: odd\n    script: " + script + "\n    autorestart: false\n    args:\n");
        for (String a : AWKWARD) yaml.append("      - ").append(yamlQuoted(a)).append('\n');
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DUMP_DIR", dump.toString());
        for (int i = 0; i < AWKWARD.size(); i++) {
            env.put("ODD_" + i, AWKWARD.get(i));
            env.put("ODD_" + i + "_TOKEN", AWKWARD.get(i)); // secret-looking: through the EnvironmentFile
        }
        yaml.append("    env:\n");
        env.forEach((k, v) -> yaml.append("      ").append(k).append(": ").append(yamlQuoted(v)).append('\n'));
        Path file = Files.writeString(scratch.resolve("odd.yaml"), yaml.toString());

        Path config = scratch.resolve("config");
        Path units = config.resolve("systemd/user");
        jpm.jpm("export", "systemd", file.toString(), "--user", "-o", units.toString()).ok();
        Files.createDirectories(config.resolve("jpm"));
        Files.move(units.resolve("jpm-default-odd.env"), config.resolve("jpm/jpm-default-odd.env")); // %E/jpm/
        assertVerifies(units, List.of("jpm-default-odd@3.service"), true);

        JpmHomeFixture.Result manager = runUserManager(config, "jpm-default-odd@3.service");
        assertThat(dump.resolve("argv")).as("the app ran; the manager said:\n%s\n%s", manager.out(), manager.err()).exists();

        List<String> argv = nulSeparated(dump.resolve("argv"));
        assertThat(argv).as("what systemd passed as arguments").containsExactlyElementsOf(AWKWARD);
        Map<String, String> seen = new LinkedHashMap<>();
        for (String kv : nulSeparated(dump.resolve("env"))) {
            int eq = kv.indexOf('=');
            seen.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        env.forEach((k, v) -> assertThat(seen.get(k)).as("what systemd set as %s", k).isEqualTo(v));
        assertThat(seen).containsEntry("JPM_INSTANCE", "3").containsEntry("NODE_APP_INSTANCE", "3")
                .containsEntry("JPM_APP_NAME", "odd").containsEntry("JPM_NAMESPACE", "default");
        assertThat(Files.readString(units.resolve("jpm-default-odd@.service"))).as("secrets stay out of the unit")
                .doesNotContain("ODD_0_TOKEN=");
    }

    /**
     * The target, the drop-ins and the timer's service under a running manager: enabling the
     * target starts every instance, each with its increment_var value; the cron service restarts
     * the running instances; stopping the target stops them all.
     */
    @Test
    void theTargetStartsEveryInstanceWithItsPortAndTheCronServiceRestartsThem() throws Exception {
        assumeAManagerCanRun();
        Path script = Files.copy(JpmHomeFixture.fixture("port-sleeper.sh"), scratch.resolve("port-sleeper.sh"));
        Path dump = Files.createDirectories(scratch.resolve("dump"));
        Path file = Files.writeString(scratch.resolve("ports.yaml"), """
                apps:
                  - name: web
                    script: %s
                    instances: 2
                    increment_var: PORT
                    cron_restart: "0 4 * * *"
                    env: {PORT: 3000, DUMP_DIR: %s}
                """.formatted(script, dump));
        Path config = scratch.resolve("config");
        Path units = config.resolve("systemd/user");
        jpm.jpm("export", "systemd", file.toString(), "--user", "-o", units.toString()).ok();

        JpmHomeFixture.Result r = withUserManager(config, """
                systemctl --user start jpm-ports.target || status=1
                i=0
                until [ -s '%1$s/instance-0' ] && [ -s '%1$s/instance-1' ] || [ $i -gt 100 ]; do i=$((i+1)); sleep 0.1; done
                echo "timer: $(systemctl --user is-active jpm-default-web-cron.timer)"
                systemctl --user start jpm-default-web-cron.service || status=2
                i=0
                until [ "$(wc -l < '%1$s/instance-0')" -ge 2 ] && [ "$(wc -l < '%1$s/instance-1')" -ge 2 ] || [ $i -gt 100 ]; do i=$((i+1)); sleep 0.1; done
                systemctl --user stop jpm-ports.target || status=3
                echo "after stop: $(systemctl --user is-active jpm-default-web@0.service jpm-default-web@1.service | tr '\n' ' ')"
                """.formatted(dump));
        assertThat(r.exit()).as("the manager said:\n%s\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("timer: active\n").contains("after stop: inactive inactive \n");
        for (int i = 0; i < 2; i++) {
            List<String> starts = Files.readAllLines(dump.resolve("instance-" + i));
            assertThat(starts).as("instance %d: started, then restarted by the cron service", i).hasSize(2);
            String port = " " + (3000 + i);
            assertThat(starts).allSatisfy(l -> assertThat(l).endsWith(port));
            assertThat(starts.get(0).split(" ")[0]).as("a new process").isNotEqualTo(starts.get(1).split(" ")[0]);
        }
    }

    // ---- helpers

    /** An ecosystem file with what maps, what maps differently and what warns, its scripts real. */
    /** SCRATCH/NAME.yaml with {@code yaml}, whose %s is the path of a copy of the hello.sh fixture. */
    private Path helloFile(String name, String yaml) throws IOException {
        Path script = Files.copy(JpmHomeFixture.fixture("hello.sh"), scratch.resolve("hello.sh"));
        return Files.writeString(scratch.resolve(name + ".yaml"), yaml.formatted(script));
    }

    private Path shop() throws IOException {
        Path script = Files.copy(JpmHomeFixture.fixture("hello.sh"), scratch.resolve("server.sh"));
        return Files.writeString(scratch.resolve("shop.yaml"), """
                apps:
                  - name: web
                    script: %s
                    args: [--title, "Joe's \\"shop\\" 100%%", $HOME]
                    instances: 2
                    increment_var: PORT
                    env: {PORT: 3000, NODE_ENV: production, API_TOKEN: "t0k$n"}
                    cron_restart: "0 4 * * SUN"
                    depends_on: [db]
                    watch: true
                    max_memory_restart: 300M
                    stop_exit_codes: [3]
                  - name: db
                    script: %s
                    wait_ready: true
                    stop_signal: SIGINT
                    kill_timeout: 30s
                    out_file: logs/db.log
                """.formatted(script, script));
    }

    private JpmHomeFixture.Result verify(Path dir, List<String> units, boolean user) throws IOException {
        assumeThat(ANALYZE).as("systemd-analyze is not installed").isExecutable();
        Path runtime = Files.createDirectories(scratch.resolve("verify-runtime"));
        List<String> cmd = new ArrayList<>(List.of(ANALYZE.toString()));
        if (user) cmd.add("--user");
        cmd.add("verify");
        for (String u : units) cmd.add(dir.resolve(u).toString());
        // the directory of the files is on the unit path, so instances find their template and drop-ins
        return jpm.run(cmd, Map.of("XDG_RUNTIME_DIR", runtime.toString(), "SYSTEMD_UNIT_PATH", dir + ":"));
    }

    private void assertVerifies(Path dir, List<String> units, boolean user) throws IOException {
        JpmHomeFixture.Result r = verify(dir, units, user);
        assertThat(r.out() + r.err()).as("systemd-analyze verify says nothing about %s", units).isEmpty();
        assertThat(r.exit()).isZero();
    }

    /**
     * A systemd user manager in private mount and pid namespaces: a tmpfs on /run/systemd with a
     * system/ directory makes it believe systemd booted the machine, and whatever it started dies
     * with the namespace. It reads the units of {@code config}/systemd/user; once it is up,
     * {@code commands} run (a shell script), then it is stopped.
     */
    private JpmHomeFixture.Result withUserManager(Path config, String commands) throws IOException {
        Path runtime = Files.createDirectories(scratch.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path log = scratch.resolve("manager.log");
        String inner = """
                set -u
                mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/system || exit 90
                %s --user > '%s' 2>&1 &
                manager=$!
                i=0
                until [ "$(systemctl --user is-system-running 2>/dev/null)" = running ] || [ "$(systemctl --user is-system-running 2>/dev/null)" = degraded ]; do
                  i=$((i+1)); [ $i -gt 100 ] && { echo "the manager did not come up"; kill $manager; exit 91; }
                  sleep 0.1
                done
                status=0
                %s
                kill $manager; wait $manager
                exit $status
                """.formatted(MANAGER, log, commands);
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString(), "XDG_CONFIG_HOME", config.toString(),
                "HOME", scratch.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=" + runtime.resolve("bus"));
        JpmHomeFixture.Result r = jpm.run(List.of(UNSHARE.toString(), "-m", "-p", "-f", "--mount-proc", "--propagation", "private",
                "sh", "-c", inner), env);
        String managerLog = Files.exists(log) ? Files.readString(log) : "";
        return new JpmHomeFixture.Result(r.exit(), r.out(), r.err() + managerLog);
    }

    /** Starts a unit, waits until it is no longer active, and shows what systemd made of it. */
    private JpmHomeFixture.Result runUserManager(Path config, String unit) throws IOException {
        return withUserManager(config, """
                systemctl --user start '%s' || status=$?
                i=0
                while [ "$(systemctl --user show -P ActiveState '%s')" = active ] && [ $i -lt 100 ]; do i=$((i+1)); sleep 0.1; done
                systemctl --user show -p ExecStart -p Environment -p Result '%s'
                """.formatted(unit, unit, unit));
    }

    private static String yamlQuoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> q.append("\\\\");
                case '"' -> q.append("\\\"");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static List<String> nulSeparated(Path p) throws IOException {
        String s = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        if (s.isEmpty()) return List.of();
        return List.of(s.substring(0, s.length() - 1).split("\0", -1));
    }

    /** {@code # file: NAME} headers and the text after each, without the blank line between files. */
    private static Map<String, String> splitPrinted(String printed) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] parts = ("\n" + printed).split("\n# file: ");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int nl = part.indexOf('\n');
            String text = part.substring(nl + 1);
            out.put(part.substring(0, nl), text); // the split took the blank line's newline
        }
        return out;
    }

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
