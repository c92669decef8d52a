package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpm startup} / {@code jpm unstartup} with the real bin/jpm, systemctl and systemd-analyze.
 * User units are installed into a temporary XDG_CONFIG_HOME; as root (which would get a system unit
 * in /etc) those tests run bin/jpm as 'nobody'. Nothing here may reach a running systemd: the bus
 * addresses point nowhere, and SYSTEMD_OFFLINE=1 makes systemctl enable and disable work on the
 * files alone.
 */
class StartupIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Readable and writable by the user the user-unit tests run as (nobody, when we are root). */
    Path scratch;

    @BeforeEach
    void scratch() throws IOException {
        scratch = JpmHomeFixture.openScratchDir("jpm-startup-it-");
    }

    @AfterEach
    void removeScratch() throws IOException {
        JpmHomeFixture.deleteTree(scratch);
    }

    // ---- printing

    @Test
    void printsAUnitWithAbsolutePathsThatSystemdAnalyzeVerifyAccepts() throws Exception {
        String unit = jpm.jpm("startup").ok().out();
        String home = jpm.home().toString();
        assertThat(unit).contains("\nExecStart=" + JpmHomeFixture.BIN + " --home " + home + " daemon --foreground --resurrect\n")
                .contains("\nEnvironment=\"JPM_HOME=" + home + "\"\n")
                .contains("\nEnvironment=\"PATH=" + System.getenv("PATH") + "\"\n")
                .contains("\nWorkingDirectory=" + System.getProperty("user.home") + "\n")
                .contains("\nDocumentation=" + JpmHomeFixture.BIN.toRealPath().getParent().resolveSibling("docs/startup.md").toUri() + "\n")
                .contains("\nType=simple\n", "\nKillMode=process\n", "\nTimeoutStopSec=45s\n", "\nSuccessExitStatus=143\n",
                        "\nRestart=on-failure\n", "\nRestartForceExitStatus=75\n")
                .endsWith("\n[Install]\nWantedBy=" + (ROOT ? "multi-user.target" : "default.target") + "\n");
        if (ROOT) assertThat(unit).contains("\nUser=root\nGroup=root\n");
        assertThat(jpm.jpm("startup", "systemd").ok().out()).isEqualTo(unit);
        assertVerifies(unit, ROOT ? "jpm-root.service" : "jpm.service", !ROOT);
    }

    @Test
    void systemdAnalyzeVerifyAsRunHereDoesCatchABrokenUnit() throws Exception {
        // the check above must be able to fail: the same unit with a program that does not exist
        String unit = jpm.jpm("startup").ok().out().replace("ExecStart=" + JpmHomeFixture.BIN, "ExecStart=" + scratch.resolve("no-such-jpm"));
        JpmHomeFixture.Result r = verify(unit, "jpm.service", !ROOT);
        assertThat(r.out() + r.err()).contains("no-such-jpm").contains("not executable");
    }

    @Test
    void spacesPercentsAndDollarsInPathsAreQuotedSoSystemdReadsThemBack() throws Exception {
        Path odd = Files.createDirectories(scratch.resolve("my jpm %i $X"));
        Path launcher = Files.createSymbolicLink(odd.resolve("jpm"), JpmHomeFixture.BIN);
        Path home = scratch.resolve("jpm home %h $HOME");
        JpmHomeFixture.Result r = jpm.run(List.of(launcher.toString(), "--home", home.toString(), "startup"), Map.of()).ok();
        // the program path: % doubled, $ kept (systemd expands no variables there); the arguments: % and $ doubled
        assertThat(r.out()).contains("\nExecStart=\"" + odd.toString().replace("%", "%%") + "/jpm\" --home \""
                + home.toString().replace("%", "%%").replace("$", "$$") + "\" daemon --foreground --resurrect\n");
        // the symlink is kept (an upgrade that repoints it keeps the unit valid); the docs are found through it
        assertThat(r.out()).contains("\nDocumentation=file://");
        assertVerifies(r.out(), "jpm.service", !ROOT);
    }

    @Test
    void anUnknownInitSystemIsAUsageErrorThatNamesTheSupportedOne() {
        for (String verb : List.of("startup", "unstartup")) {
            JpmHomeFixture.Result r = jpm.jpm(verb, "upstart");
            assertThat(r.exit()).as(verb).isEqualTo(2);
            assertThat(r.err()).isEqualTo("jpm: unknown init system 'upstart': jpm supports systemd\n");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void rootPrintsASystemUnitForTheUserNamedWithThatUsersHome() throws Exception {
        assumeThat(ROOT).as("only root writes units for other users").isTrue();
        // not nobody: systemd-analyze rightly warns about User=nobody
        Account other = jpm.run(List.of("getent", "passwd"), Map.of()).ok().out().lines().map(Account::parse)
                .filter(a -> a.uid() > 0 && a.uid() < 65534).findFirst().orElse(null);
        assumeThat(other).as("a user other than root and nobody").isNotNull();
        String unit = jpm.jpm("startup", "--user", other.name()).ok().out();
        assertThat(unit).contains("\nUser=" + other.name() + "\nGroup=" + groupName(other.gid()) + "\n")
                .contains("\nEnvironment=\"JPM_HOME=" + other.home().resolve(".jpm") + "\"\n")
                .contains("\nWorkingDirectory=" + other.home() + "\n")
                .contains("--home " + other.home().resolve(".jpm") + " daemon --foreground")
                .contains("\nWantedBy=multi-user.target\n");
        assertVerifies(unit, "jpm-" + other.name() + ".service", false);

        JpmHomeFixture.Result unknown = jpm.jpm("startup", "--user", "no-such-user-jpm-it");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("jpm: no such user: no-such-user-jpm-it\n");
    }

    // ---- installing a user unit

    @Test
    void installWritesAndEnablesTheUnitAndUnstartupDisablesAndRemovesIt() throws Exception {
        Map<String, String> offline = userEnv(true);
        Path unitFile = scratch.resolve("config/systemd/user/jpm.service");
        Path link = scratch.resolve("config/systemd/user/default.target.wants/jpm.service");
        String printed = asUser(offline, "startup").ok().out();

        JpmHomeFixture.Result installed = asUser(offline, "startup", "--install").ok();
        assertThat(installed.out()).contains("wrote " + unitFile + "\n", "systemctl --user daemon-reload: ok",
                "systemctl --user enable jpm.service: ok", "to start it now: systemctl --user start jpm.service");
        assertThat(Files.readString(unitFile)).isEqualTo(printed);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unitFile))).isEqualTo("rw-r--r--");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(unitFile);
        try (Stream<Path> files = Files.list(unitFile.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left").containsExactlyInAnyOrder("jpm.service",
                    "default.target.wants");
        }

        assertThat(asUser(offline, "startup", "--install").ok().out()).contains("unchanged " + unitFile + "\n");

        Files.writeString(unitFile, printed + "# a local edit\n");
        JpmHomeFixture.Result differs = asUser(offline, "startup", "--install");
        assertThat(differs.exit()).isEqualTo(1);
        assertThat(differs.err()).startsWith("jpm: " + unitFile + " exists and differs").contains("--force").contains("systemctl --user edit");
        assertThat(Files.readString(unitFile)).endsWith("# a local edit\n");

        assertThat(asUser(offline, "startup", "--install", "--force").ok().out()).contains("replaced " + unitFile + "\n");
        assertThat(Files.readString(unitFile)).isEqualTo(printed);

        JpmHomeFixture.Result removed = asUser(offline, "unstartup").ok();
        assertThat(removed.out()).contains("systemctl --user disable jpm.service: ok", "removed " + unitFile + "\n",
                "systemctl --user daemon-reload: ok");
        assertThat(unitFile).doesNotExist();
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the enable link is gone").isFalse();

        JpmHomeFixture.Result again = asUser(offline, "unstartup", "systemd").ok();
        assertThat(again.out()).isEqualTo("no jpm unit at " + unitFile + ": nothing to remove\n");
    }

    @Test
    void withoutAReachableSystemdInstallKeepsTheUnitAndSaysWhatToRun() throws Exception {
        Map<String, String> unreachable = userEnv(false);
        Path unitFile = scratch.resolve("config/systemd/user/jpm.service");
        JpmHomeFixture.Result r = asUser(unreachable, "startup", "--install");
        assertThat(r.exit()).as("stdout=%s stderr=%s", r.out(), r.err()).isEqualTo(1);
        assertThat(r.out()).contains("wrote " + unitFile + "\n");
        assertThat(r.err()).startsWith("jpm: systemctl --user daemon-reload failed (exit 1): ")
                .contains("\n  systemctl --user daemon-reload\n")
                .contains("to start the daemon: systemctl --user start jpm.service")
                .doesNotContain("Exception");
        assertThat(unitFile).exists();

        JpmHomeFixture.Result u = asUser(unreachable, "unstartup");
        assertThat(u.exit()).isEqualTo(1);
        assertThat(u.out()).contains("removed " + unitFile + "\n");
        assertThat(u.err()).startsWith("jpm: ").contains("daemon-reload failed").contains("the unit is removed; to finish, run:")
                .doesNotContain("Exception");
        assertThat(unitFile).doesNotExist();
    }

    @Test
    void withoutRootYouCanInstallOnlyForYourself() throws Exception {
        for (String verb : List.of("startup", "unstartup")) {
            JpmHomeFixture.Result r = asUser(userEnv(true), verb, "--user", "root");
            assertThat(r.exit()).as(verb).isEqualTo(2);
            assertThat(r.err()).startsWith("jpm: --user root needs root").doesNotContain("Exception");
        }
        assertThat(scratch.resolve("config")).doesNotExist();
    }

    // ---- the daemon the unit runs

    @Test
    void theUnitsCommandRunsTheDaemonFromAPrivateCopyAndResurrectsTheSavedAppsOnAFreshStartOnly() throws Exception {
        String unit = jpm.jpm("startup").ok().out();
        List<String> execStart = List.of(JpmHomeFixture.BIN.toString(), "--home", jpm.home().toString(), "daemon", "--foreground",
                "--resurrect");
        assertThat(unit).contains("\nExecStart=" + String.join(" ", execStart) + "\n");

        jpm.jpm("start", JpmHomeFixture.fixture("hello.sh").toString(), "--name", "boot").ok();
        jpm.jpm("save").ok();
        jpm.jpm("kill").ok(); // a deliberate stop: state.json is gone, the dump stays, as after a clean shutdown

        Process daemon = startForeground(execStart);
        assertThat(names()).containsExactly("boot");
        String cmdline = Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "cmdline")).replace('\0', ' ');
        assertThat(cmdline).as("bin/jpm execs the daemon, from the private copy, with the daemon's flags")
                .contains(jpm.home().resolve("lib") + "/jpm-").contains("-XX:MaxHeapSize=256m")
                .doesNotContain(JpmHomeFixture.JAR.toString());

        daemon.destroy(); // SIGTERM, as systemctl stop sends: the daemon stops its apps and exits
        assertThat(daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).as("what SuccessExitStatus= declares clean").isEqualTo(143);
        assertThat(jpm.taggedProcesses()).isEmpty();

        // systemd's restart after a crash: the apps as they were (here: none), not the dump
        daemon = startForeground(execStart);
        assertThat(names()).containsExactly("boot");
        jpm.jpm("delete", "boot").ok();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon.pid())).start().waitFor();
        daemon.waitFor();
        daemon = startForeground(execStart);
        assertThat(names()).isEmpty();
        daemon.destroy();
        daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    // ---- helpers

    private List<Object> names() {
        return jpm.jlist().stream().map(i -> i.get("name")).toList();
    }

    /** Runs the unit's command as systemd would, and waits until that daemon serves (before any CLI could spawn one). */
    private Process startForeground(List<String> execStart) throws IOException {
        Path log = Files.createTempFile(scratch, "daemon-", ".log");
        ProcessBuilder pb = new ProcessBuilder(execStart).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JPM_HOME", jpm.home().toString());
        Process p = pb.start();
        await().atMost(WAIT).until(() -> !p.isAlive() || Files.readString(log).contains("daemon pid " + p.pid() + " serving"));
        assertThat(p.isAlive()).as("the daemon runs; it said: %s", Files.readString(log)).isTrue();
        return p;
    }

    private JpmHomeFixture.Result verify(String unit, String name, boolean userUnit) throws IOException {
        assumeThat(ANALYZE).as("systemd-analyze is not installed").isExecutable();
        Path dir = Files.createDirectories(scratch.resolve("verify"));
        Path file = dir.resolve(name);
        Files.writeString(file, unit);
        Path runtime = Files.createDirectories(scratch.resolve("verify-runtime"));
        List<String> cmd = new ArrayList<>(List.of(ANALYZE.toString()));
        if (userUnit) cmd.add("--user"); // a user manager's view; it needs a runtime dir, which a sandbox may lack
        cmd.addAll(List.of("verify", file.toString()));
        return jpm.run(cmd, Map.of("XDG_RUNTIME_DIR", runtime.toString()));
    }

    private void assertVerifies(String unit, String name, boolean userUnit) throws IOException {
        JpmHomeFixture.Result r = verify(unit, name, userUnit);
        assertThat(r.out() + r.err()).as("systemd-analyze verify says nothing about\n%s", unit).isEmpty();
        assertThat(r.exit()).isZero();
    }

    /**
     * The environment of the user-unit tests: a temporary home and XDG dirs; no bus to reach, and,
     * if {@code offline}, systemctl working on the unit files alone (SYSTEMD_OFFLINE=1).
     */
    private Map<String, String> userEnv(boolean offline) throws IOException {
        Path runtime = Files.createDirectories(scratch.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        if (ROOT) {
            Account n = nobody();
            Files.setAttribute(runtime, "unix:uid", n.uid());
            Files.setAttribute(scratch, "unix:uid", n.uid());
        }
        Map<String, String> env = new HashMap<>();
        env.put("HOME", scratch.toString());
        env.put("XDG_CONFIG_HOME", scratch.resolve("config").toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + scratch.resolve("no-bus"));
        env.put("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + scratch.resolve("no-bus"));
        env.put("SYSTEMD_OFFLINE", offline ? "1" : "0");
        env.put("JPM_HOME", jpm.home().toString());
        return env;
    }

    /** bin/jpm as a user that is not root: ourselves, or nobody when we are root. */
    private JpmHomeFixture.Result asUser(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        if (ROOT) {
            Account n = nobody();
            cmd.addAll(List.of("setpriv", "--reuid=" + n.uid(), "--regid=" + n.gid(), "--clear-groups", "--"));
        }
        cmd.add(JpmHomeFixture.BIN.toString());
        cmd.addAll(List.of(args));
        return jpm.run(cmd, env);
    }

    /** A passwd entry. */
    record Account(String name, int uid, int gid, Path home) {
        static Account parse(String passwdLine) {
            String[] f = passwdLine.strip().split(":", -1);
            return new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5]));
        }
    }

    private String groupName(int gid) {
        return jpm.run(List.of("getent", "group", Integer.toString(gid)), Map.of()).ok().out().strip().split(":")[0];
    }

    private Account nobody() {
        assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv runs bin/jpm as nobody when the tests run as root").isExecutable();
        JpmHomeFixture.Result pw = jpm.run(List.of("getent", "passwd", "nobody"), Map.of());
        assumeThat(pw.exit()).as("a user 'nobody' exists").isZero();
        Account n = Account.parse(pw.out());
        JpmHomeFixture.Result version = jpm.run(List.of("setpriv", "--reuid=" + n.uid(), "--regid=" + n.gid(), "--clear-groups", "--",
                JpmHomeFixture.BIN.toString(), "version"), Map.of("HOME", scratch.toString()));
        assumeThat(version.exit()).as("nobody can run bin/jpm here: %s", version.err()).isZero();
        return n;
    }
}
