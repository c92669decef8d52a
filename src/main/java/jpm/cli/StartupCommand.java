package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import jpm.home.JpmHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm startup [systemd] [--install [--force]] [--user NAME]} prints, or installs and
 * enables, a systemd unit that runs the daemon at boot; {@code jpm unstartup} disables and removes
 * it. The unit is {@link SystemdUnit}, where it goes {@link StartupTarget}; this class does the
 * I/O. See docs/startup.md.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Print (or with --install install and enable) a systemd unit that starts the jpm daemon at boot.")
final class StartupCommand implements Callable<Integer> {
    static final List<String> INIT_SYSTEMS = List.of("systemd");

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "INIT", description = "the init system: systemd (the default and only one)")
    String init;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "as root: the user whose daemon the unit runs (default: root)")
    String user;

    @Option(names = "--install", description = "write the unit and run systemctl daemon-reload and enable")
    boolean install;

    @Option(names = "--force", description = "with --install: replace an installed unit that differs")
    boolean force;

    @Override
    public Integer call() {
        requireSystemd(init);
        if (force && !install) throw new CliException(ExitCodes.USAGE, "--force goes with --install");
        PrintWriter out = spec.commandLine().getOut();
        StartupTarget target = target(user);
        String sudoUser = System.getenv("SUDO_USER");
        if (user == null && target.system() && sudoUser != null && !sudoUser.equals("root")) {
            spec.commandLine().getErr().println("jpm: note: this unit runs root's daemon; for " + sudoUser + "'s, add --user " + sudoUser);
        }
        String text = unitFor(target, jpmHomeOf(target)).render();
        if (!install) {
            out.print(text);
            out.flush();
            return ExitCodes.OK;
        }
        writeUnit(target, text, out);
        enable(target, out);
        return ExitCodes.OK;
    }

    /** Writes the unit unless the same one is there; a different one only with --force. */
    private void writeUnit(StartupTarget target, String text, PrintWriter out) {
        Path file = target.unitFile();
        String existing = readIfExists(file);
        if (text.equals(existing)) {
            out.println("unchanged " + file);
            return;
        }
        if (existing != null && !force) {
            throw new CliException(ExitCodes.FAILURE, file + " exists and differs from the unit jpm writes now (see: jpm startup"
                    + (target.system() ? " --user " + target.account().name() : "") + " | diff " + file + " -);"
                    + " keep local changes in a drop-in (" + String.join(" ", target.systemctl("edit", target.unitName()))
                    + ") and rerun with --force to replace it");
        }
        try {
            writeAtomically(file, text);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot write " + file + ": " + e);
        }
        out.println((existing == null ? "wrote " : "replaced ") + file);
    }

    /** daemon-reload and enable, both whatever the first did; a failure says what is left to run. */
    private static void enable(StartupTarget target, PrintWriter out) {
        List<String> enable = target.systemctl("enable", target.unitName());
        List<Step> failed = runAll(out, List.of(target.systemctl("daemon-reload"), enable));
        String start = String.join(" ", target.systemctl("start", target.unitName()));
        if (!target.system() && !Files.exists(Path.of("/var/lib/systemd/linger", target.account().name()))) {
            out.println("note: a user unit starts with your user manager, at your login; to start it at boot without a login,"
                    + " run: loginctl enable-linger " + target.account().name());
        }
        if (!failed.isEmpty()) {
            boolean enabled = failed.stream().noneMatch(f -> f.argv().equals(enable));
            throw new CliException(ExitCodes.FAILURE, describe(failed) + "\nthe unit is written" + (enabled ? " and enabled" : "")
                    + " but systemd could not be told; when systemd runs" + (target.system() ? "" : " for " + target.account().name())
                    + ", run:\n" + commands(failed) + "\nand to start the daemon: " + start);
        }
        out.println("enabled: systemd starts the daemon " + (target.system() ? "at boot" : "with your user manager")
                + "; to start it now: " + start);
        out.println("(a daemon started by a jpm command holds JPM_HOME: first `jpm save && jpm kill`; the unit's daemon"
                + " resurrects the saved apps)");
    }

    @Command(name = "unstartup", mixinStandardHelpOptions = true,
            description = "Disable and remove the unit of jpm startup; the running daemon and its apps keep running.")
    static final class Unstartup implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "INIT", description = "the init system: systemd (the default and only one)")
        String init;

        @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "as root: the user whose unit to remove (default: root)")
        String user;

        @Override
        public Integer call() {
            requireSystemd(init);
            PrintWriter out = spec.commandLine().getOut();
            StartupTarget target = target(user);
            Path file = target.unitFile();
            if (!Files.exists(file)) {
                out.println("no jpm unit at " + file + ": nothing to remove");
                return ExitCodes.OK;
            }
            List<Step> failed = new ArrayList<>(runAll(out, List.of(target.systemctl("disable", target.unitName()))));
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILURE, describe(failed) + (failed.isEmpty() ? "" : "\n") + "cannot remove " + file + ": " + e);
            }
            out.println("removed " + file);
            failed.addAll(runAll(out, List.of(target.systemctl("daemon-reload"))));
            out.println("a daemon that the unit started keeps running with its apps (jpm kill stops them)");
            if (!failed.isEmpty()) {
                boolean disableFailed = failed.getFirst().argv().contains("disable");
                throw new CliException(ExitCodes.FAILURE, describe(failed) + "\nthe unit is removed; to finish, run:\n"
                        + (disableFailed ? "  rm -f " + target.wantsLink() + "\n" : "")
                        + "  " + String.join(" ", target.systemctl("daemon-reload")));
            }
            return ExitCodes.OK;
        }
    }

    static void requireSystemd(String init) {
        if (init != null && !INIT_SYSTEMS.contains(init)) {
            throw new CliException(ExitCodes.USAGE, "unknown init system '" + init + "': jpm supports " + String.join(", ", INIT_SYSTEMS));
        }
    }

    static StartupTarget target(String user) {
        return StartupTarget.resolve(effectiveUid(), System.getProperty("user.name"), user, System.getenv(), StartupCommand::account);
    }

    /** Yours: the home every jpm command uses (--home, JPM_HOME, ~/.jpm); another user's: --home, else theirs/.jpm. */
    private JpmHome jpmHomeOf(StartupTarget target) {
        if (target.account().name().equals(System.getProperty("user.name"))) return main.jpmHome();
        return main.home != null && !main.home.isBlank() ? new JpmHome(Path.of(main.home)) : new JpmHome(target.account().home().resolve(".jpm"));
    }

    /**
     * ExecStart: the launcher (bin/jpm exports its absolute path as JPM_LAUNCHER), whose
     * {@code daemon} verb runs the daemon from a private copy of the jar, so rebuilding or upgrading
     * jpm cannot break it; without the launcher ({@code java -jar jpm.jar}), this JVM's java with
     * the daemon's flags on this class path, which must then stay in place.
     */
    static SystemdUnit unitFor(StartupTarget target, JpmHome home) {
        List<String> daemonArgs = List.of("--home", home.dir().toString(), "daemon", "--foreground", "--resurrect");
        List<String> exec = new ArrayList<>();
        Path installRoot;
        String launcher = System.getenv("JPM_LAUNCHER");
        if (launcher != null && launcher.startsWith("/") && Files.isExecutable(Path.of(launcher))) {
            exec.add(launcher);
            installRoot = realParent(Path.of(launcher), 2);
        } else {
            exec.add(ProcessHandle.current().info().command().orElseThrow(
                    () -> new CliException(ExitCodes.FAILURE, "cannot tell which java runs jpm; run jpm startup through bin/jpm")));
            exec.addAll(DaemonConnector.daemonJvmOptions(null));
            List<String> cp = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                cp.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
            exec.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), Main.class.getName()));
            installRoot = realParent(Path.of(cp.getFirst()), 2);
        }
        exec.addAll(daemonArgs);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JPM_HOME", home.dir().toString());
        // the daemon's PATH is the apps' PATH (interpreters are looked up on it): the one of this shell, as PM2 does
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
        String javaOpts = System.getenv("JPM_DAEMON_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) env.put("JPM_DAEMON_JAVA_OPTS", javaOpts.strip());
        Path docs = installRoot == null ? null : installRoot.resolve("docs/startup.md");
        String documentation = docs != null && Files.isRegularFile(docs) ? docs.toUri().toString() : null;
        return new SystemdUnit(target, home.dir(), exec, env, documentation);
    }

    /** The directory {@code levels} above a file, symlinks resolved; null if it cannot be resolved. */
    private static Path realParent(Path file, int levels) {
        try {
            Path p = file.toRealPath();
            for (int i = 0; i < levels && p != null; i++) p = p.getParent();
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    /** The effective uid, from /proc/self/status ("Uid: real effective saved fs"). */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("user.name").equals("root") ? 0 : -1;
    }

    /** A user from {@code getent passwd} (NSS: LDAP and the like too), else /etc/passwd; the group by name if it has one. */
    static Optional<StartupTarget.Account> account(String name) {
        Optional<StartupTarget.Account> a = getent("passwd", name).or(() -> grep(Path.of("/etc/passwd"), name))
                .flatMap(StartupTarget.Account::parsePasswd);
        return a.map(acc -> acc.withGroup(getent("group", acc.group()).or(() -> grepGid(acc.group()))
                .map(line -> line.substring(0, line.indexOf(':'))).orElse(acc.group())));
    }

    private static Optional<String> getent(String db, String key) {
        Step s = run(List.of("getent", db, key));
        return s.ok() && !s.output().isBlank() ? Optional.of(s.output().lines().findFirst().orElseThrow()) : Optional.empty();
    }

    private static Optional<String> grep(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(name + ":")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> grepGid(String gid) {
        try {
            return Files.readAllLines(Path.of("/etc/group")).stream()
                    .filter(l -> l.split(":", -1).length > 2 && l.split(":", -1)[2].equals(gid)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String readIfExists(Path file) {
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot read " + file + ": " + e);
        }
    }

    /** Crash-safe: a temp file beside it (a name systemd ignores), synced, mode 0644, renamed over it. */
    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** One command that was run: its argv, exit code (-1: it could not run or timed out) and output. */
    record Step(List<String> argv, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        String command() {
            return String.join(" ", argv);
        }
    }

    /** Runs each command (all of them, whatever fails), prints what each did; returns the ones that failed. */
    static List<Step> runAll(PrintWriter out, List<List<String>> commands) {
        List<Step> failed = new ArrayList<>();
        for (List<String> argv : commands) {
            Step s = run(argv);
            if (s.ok()) {
                out.println(s.command() + ": ok" + (s.output().isBlank() ? "" : " (" + s.output().replace('\n', ' ') + ")"));
            } else {
                failed.add(s);
            }
        }
        out.flush();
        return failed;
    }

    static String describe(List<Step> failed) {
        return String.join("\n", failed.stream().map(s -> s.command() + " failed"
                + (s.exit() >= 0 ? " (exit " + s.exit() + ")" : "") + ": " + s.output().replace('\n', ' ')).toList());
    }

    static String commands(List<Step> steps) {
        return String.join("\n", steps.stream().map(s -> "  " + s.command()).toList());
    }

    /** Runs a command without a shell; its stdin is /dev/null, its stdout and stderr are read together. */
    static Step run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Step(argv, -1, "no answer within 60 s");
            }
            return new Step(argv, p.exitValue(), output);
        } catch (IOException e) {
            return new Step(argv, -1, "cannot run it (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Step(argv, -1, "interrupted");
        }
    }
}
