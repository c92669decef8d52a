package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jpm.apply.Applier;
import jpm.daemon.Daemon;
import jpm.home.JpmHome;
import jpm.json.Json;
import jpm.os.Passwd;
import jpm.rpc.AppDetail;
import jpm.rpc.ErrorCode;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Protocol;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import jpm.rpc.WireCodec;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.RunAs;
import jpm.ecosystem.Supervision;
import jpm.ecosystem.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** The jpm command line: PM2's verbs over the daemon's socket. */
@Command(name = "jpm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A process manager for any language.")
public final class Main implements Callable<Integer> {
    /**
     * Every subcommand. Only the one a command line names is handed to picocli: building the
     * model of all of them (annotations read by reflection) was most of a `jpm ping`.
     * Help, no command, or an unknown word get them all. (A method, not a constant: Main's
     * initialization would load every command class, which {@link FastPath} does not need.)
     */
    static List<Class<?>> commands() {
        return List.of(Main.Start.class, Main.Stop.class, Main.Restart.class, Main.Reload.class, Main.Delete.class,
                Main.Ls.class, Main.Jlist.class, Main.Describe.class, Main.Ping.class, Main.Kill.class, Main.VersionCmd.class,
                Main.DaemonCmd.class, FileCommands.Apply.class, FileCommands.Diff.class, FileCommands.Validate.class,
                FileCommands.Scale.class, ConvertCommand.class, Main.Reset.class, Main.SendSignal.class, Main.Save.class,
                Main.Resurrect.class, Main.Update.class, Main.Flush.class, Main.ReloadLogs.class, StartupCommand.class,
                StartupCommand.Unstartup.class, LogsCommand.class);
    }

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "jpm home (default: $JPM_HOME, else ~/.jpm)")
    String home;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(dispatch(args));
    }

    /**
     * A command line's exit code: {@link FastPath} answers the plain ping, ls and jlist, the
     * daemon's own command line starts it directly, picocli does the rest.
     */
    static int dispatch(String... args) {
        int code = FastPath.run(args);
        if (code != FastPath.NOT_HANDLED) return code;
        JpmHome daemonHome = daemonCommandHome(args);
        if (daemonHome != null) return Daemon.runForeground(daemonHome, args.length == 5, System.out, System.err);
        return run(args);
    }

    /**
     * The home of the command line {@link DaemonConnector} gives every daemon, {@code --home DIR
     * daemon --foreground [--resurrect]}, or null for any other. Reading picocli's annotations
     * was a quarter of the daemon's start-up (docs/performance.md); other forms, help included,
     * still go through picocli.
     */
    static JpmHome daemonCommandHome(String[] args) {
        boolean shape = (args.length == 4 || args.length == 5 && args[4].equals("--resurrect"))
                && args[0].equals("--home") && !args[1].isBlank() && !args[1].startsWith("-")
                && args[2].equals("daemon") && args[3].equals("--foreground");
        return shape ? JpmHome.resolve(args[1], System.getenv()) : null;
    }

    /** The subcommand class the first word after the global options names (by name or alias), or null. */
    static Class<?> commandNamed(String[] args) {
        String word = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home")) {
                i++; // its value
            } else if (!args[i].startsWith("-")) {
                word = args[i];
                break;
            } else if (!args[i].startsWith("--home=")) {
                return null; // -h, -V, or a mistake: picocli answers with every command known
            }
        }
        if (word == null) return null;
        for (Class<?> c : commands()) {
            Command a = c.getAnnotation(Command.class);
            if (a.name().equals(word) || java.util.Arrays.asList(a.aliases()).contains(word)) return c;
        }
        return null;
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = commandNamed(args);
        for (Class<?> c : named != null ? List.<Class<?>>of(named) : commands()) cl.addSubcommand(c);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            return switch (ex) {
                case CliException c -> {
                    err.println("jpm: " + c.getMessage());
                    yield c.exitCode;
                }
                case jpm.rpc.RpcException r -> {
                    err.println("jpm: " + r.getMessage());
                    yield ExitCodes.ofFailure(r.code());
                }
                case SpecException s -> {
                    err.println("jpm: " + s.getMessage());
                    yield ExitCodes.USAGE;
                }
                case IOException io -> {
                    err.println("jpm: lost the connection to the daemon: " + io.getMessage());
                    yield ExitCodes.DAEMON_UNREACHABLE;
                }
                default -> throw ex;
            };
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    JpmHome jpmHome() {
        return JpmHome.resolve(home, System.getenv());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jpm " + Protocol.JPM_VERSION + " (protocol " + Protocol.VERSION + ", Java "
                    + Runtime.version() + ")"};
        }
    }

    /** Shared plumbing of the commands that talk to the daemon. */
    abstract static class DaemonCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @Option(names = "--json", description = "print JSON for scripts")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Response ask(Request request) throws IOException {
            try (RpcClient c = new DaemonConnector(main.jpmHome()).connectOrSpawn()) {
                return c.call(request);
            }
        }

        /**
         * Sends one request per target: the target itself, or, when it names an ecosystem file,
         * each app of the file ("namespace/name"; apps the daemon does not have are skipped).
         */
        Response forEachTarget(String target, java.util.function.Function<String, Request> request) throws IOException {
            if (!FileCommands.isEcosystemFile(target)) return ask(request.apply(target));
            List<InstanceInfo> all = new ArrayList<>();
            try (RpcClient c = new DaemonConnector(main.jpmHome()).connectOrSpawn()) {
                for (String app : FileCommands.targetsOf(target, spec.commandLine().getErr())) {
                    Response r = c.call(request.apply(app));
                    if (r instanceof Response.Failure f && f.code().equals(ErrorCode.NOT_FOUND)) continue;
                    all.addAll(((Response.Instances) ok(r)).instances());
                }
            }
            return new Response.Instances(all);
        }

        /** A `done` answer: its message, or {"message": ...} with --json. */
        int printDone(Response r) {
            String message = ((Response.Done) ok(r)).message();
            out().println(json ? Json.write(Map.of("message", message)) : message);
            return ExitCodes.OK;
        }

        /** Turns a Failure into a CliException, passes anything else through. */
        static Response ok(Response r) {
            if (r instanceof Response.Failure(String code, String message)) throw new CliException(ExitCodes.ofFailure(code), message);
            return r;
        }

        int printInstances(Response r, String verb) {
            out().print(Render.instances(((Response.Instances) ok(r)).instances(), verb, json));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start apps the daemon has (by name, id, namespace or all), an ecosystem file's apps, or a new app"
                    + " (a script or a command) in fork mode.")
    static final class Start extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "TARGET|FILE|SCRIPT",
                description = "an app, id, namespace or all the daemon has; an ecosystem file; or a script file or command on PATH")
        String script;

        @Option(names = "--take-over", description = "with an ecosystem file: as apply --take-over; with a script: replace the"
                + " definition of an existing app of that name, even one an ecosystem file applied")
        boolean takeOver;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for the app (after --)")
        List<String> args = new ArrayList<>();

        @Option(names = {"-n", "--name"}, description = "app name (default: the script's file name without extension)")
        String name;

        @Option(names = "--namespace", description = "namespace (default: default)")
        String namespace;

        @Option(names = {"-i", "--instances"}, description = "number of instances (default: 1)")
        int instances = 1;

        @Option(names = "--cwd", description = "working directory (default: the current one)")
        String cwd;

        @Option(names = "--interpreter", description = "interpreter (default: by extension; 'none' executes the file)")
        String interpreter;

        @Option(names = "--interpreter-args", split = " ", description = "arguments for the interpreter")
        List<String> interpreterArgs = new ArrayList<>();

        @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "environment variable for the app (repeatable)")
        List<String> env = new ArrayList<>();

        @Option(names = "--instance-var", description = "variable holding the instance number (default: NODE_APP_INSTANCE)")
        String instanceVar;

        @Option(names = "--stop-signal", description = "signal that asks the app to stop (default: SIGTERM)")
        String stopSignal;

        @Option(names = "--kill-timeout", description = "ms between the stop signal and SIGKILL (default: 1600)")
        long killTimeout = 1600;

        @Option(names = "--no-autorestart", description = "do not restart the app when it exits")
        boolean noAutorestart;

        @Option(names = "--max-restarts", description = "unstable restarts in a row before errored (default: 16)")
        int maxRestarts = 16;

        @Option(names = "--min-uptime", description = "ms a run must last to count as stable (default: 1000)")
        long minUptime = 1000;

        @Option(names = "--restart-delay", description = "ms to wait before restarting a crashed app (default: 0)")
        long restartDelay;

        @Option(names = "--watch", description = "restart the app when a file under its cwd changes")
        boolean watch;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "stdout file (PM2's out_file)")
        String outFile;

        @Option(names = "--error", paramLabel = "FILE", description = "stderr file (PM2's error_file)")
        String errorFile;

        @Option(names = {"-l", "--log"}, paramLabel = "FILE", description = "a file that receives both streams as well (log_file)")
        String logFile;

        @Option(names = "--merge-logs", description = "all instances share one out/error file")
        boolean mergeLogs;

        @Option(names = "--time", description = "prefix each log line with a timestamp (output goes through the daemon)")
        boolean time;

        @Option(names = "--log-date-format", paramLabel = "FORMAT", description = "timestamp format, day.js syntax as in PM2")
        String logDateFormat;

        @Option(names = "--log-type", paramLabel = "json", description = "json: one JSON object per log line")
        String logType;

        @Option(names = "--log-max-size", paramLabel = "SIZE", description = "rotate each log file at this size (10M, 1G, ...)")
        String logMaxSize;

        @Option(names = "--log-retain", paramLabel = "N", description = "rotated files kept per log file (default: 10)")
        int logRetain = Supervision.DEFAULTS.logRetain();

        @Option(names = "--log-compress", description = "gzip rotated log files")
        boolean logCompress;

        @Option(names = "--uid", paramLabel = "USER", description = "run the app as this user, a name or a uid (a root daemon only)")
        String uid;

        @Option(names = "--gid", paramLabel = "GROUP", description = "run the app with this group (default: the user's primary group)")
        String gid;

        @Override
        public Integer call() throws IOException {
            if (FileCommands.isEcosystemFile(script)) {
                FileCommands.FileOptions file = new FileCommands.FileOptions();
                file.file = Path.of(script);
                return FileCommands.applyFile(this, file, false, takeOver, false, "60s");
            }
            boolean onlyTarget = onlyTarget();
            AppSpec defined = onlyTarget ? null : newApp(); // a mistake is reported before a daemon is spawned
            try (RpcClient c = new DaemonConnector(main.jpmHome()).connectOrSpawn()) {
                if (onlyTarget) {
                    // an app the daemon knows wins over a file of that name (pm2 stop api ... pm2 start api)
                    Response known = c.call(new Request.StartKnown(script));
                    if (!(known instanceof Response.Failure f && f.code().equals(ErrorCode.NOT_FOUND))) {
                        return printInstances(known, "started");
                    }
                }
                AppSpec app = defined != null ? defined : newApp();
                if (takeOver) return printInstances(new Response.Instances(new Applier(c, line -> { }).define(app)), "started");
                return printInstances(c.call(new Request.Start(app)), "started");
            }
        }

        /** Whether the command line is just {@code start TARGET} (global options and --json aside). */
        private boolean onlyTarget() {
            return args.isEmpty() && spec.commandLine().getParseResult().matchedOptions().stream()
                    .allMatch(o -> o.longestName().equals("--json") || o.longestName().equals("--home"));
        }

        /** The new app this command line defines. */
        private AppSpec newApp() {
            Path dir = cwd == null ? Path.of("").toAbsolutePath() : Path.of(cwd).toAbsolutePath().normalize();
            Map<String, String> vars = new LinkedHashMap<>();
            for (String kv : env) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new CliException(ExitCodes.USAGE, "--env wants K=V, got '" + kv + "'");
                vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            String appName = name != null ? name : defaultName(script);
            long maxSize;
            try {
                maxSize = logMaxSize == null ? 0 : jpm.ecosystem.Quantities.memoryBytes(logMaxSize);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--log-max-size: " + e.getMessage());
            }
            Launch launch = new Launch(script, args, dir.toString(), interpreter, interpreterArgs, vars, instanceVar, null,
                    null, null, null, null, false, false, null, null, null, null, uid, gid)
                    .withLogs(outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType);
            Supervision supervision = Supervision.DEFAULTS.withStop(stopSignal, killTimeout)
                    .withRestartPolicy(!noAutorestart, maxRestarts, minUptime, restartDelay)
                    .withLogRotation(maxSize, logRetain, logCompress);
            if (watch) supervision = supervision.withWatch(List.of(dir.toString()));
            return new AppSpec(appName, namespace, instances, launch, supervision);
        }

        static String defaultName(String script) {
            String file = script.substring(script.lastIndexOf('/') + 1);
            int sp = file.indexOf(' ');
            if (sp > 0) file = file.substring(0, sp);
            int dot = file.lastIndexOf('.');
            return dot > 0 ? file.substring(0, dot) : file;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop apps; returns when their processes are gone.")
    static final class Stop extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            return printInstances(forEachTarget(target, Request.Stop::new), "stopped");
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart apps (starts stopped ones).")
    static final class Restart extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            return printInstances(forEachTarget(target, Request.Restart::new), "restarted");
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Replace apps' processes one instance at a time without refusing a request (cluster mode:"
                    + " each new process ready before the old one drains); other apps restart one instance at a time.")
    static final class Reload extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, all, or an ecosystem file")
        String target;

        @Option(names = "--timeout", defaultValue = "60s", description = "how long to wait for the new processes to stay up"
                + " for min_uptime (default: 60s)")
        String timeout;

        @Option(names = "--no-wait", description = "return once the processes are replaced, without waiting for them to stay up")
        boolean noWait;

        @Override
        public Integer call() throws IOException {
            Duration wait = noWait ? null : FileCommands.duration(timeout);
            Response r = ok(forEachTarget(target, Request.Reload::new));
            if (wait != null) {
                List<Long> ids = ((Response.Instances) r).instances().stream().map(InstanceInfo::id).toList();
                try (RpcClient c = new DaemonConnector(main.jpmHome()).connectOrSpawn()) {
                    new Applier(c, line -> { }).awaitInstances(ids, wait);
                } catch (jpm.apply.ApplyException e) {
                    FileCommands.reportFailing(this, e);
                    throw new CliException(ExitCodes.FAILURE, e.getMessage());
                }
            }
            return printInstances(r, "reloaded");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, aliases = "del", description = "Stop apps and forget them.")
    static final class Delete extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            List<InstanceInfo> gone = ((Response.Instances) ok(forEachTarget(target, Request.Delete::new))).instances();
            if (json) {
                out().println(Json.write(WireCodec.toTree(gone, Render.instanceListType())));
            } else {
                out().println("deleted " + gone.size() + " instance" + (gone.size() == 1 ? "" : "s"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, aliases = {"list", "status"}, description = "List every instance.")
    static final class Ls extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            return printInstances(ask(new Request.ListInstances()), null);
        }
    }

    @Command(name = "jlist", mixinStandardHelpOptions = true, description = "List every instance as a JSON array (see docs/jlist.md).")
    static final class Jlist extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            json = true;
            return printInstances(ask(new Request.ListInstances()), null);
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, aliases = "show", description = "Show an app's definition and instances.")
    static final class Describe extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
        String target;

        @Option(names = "--show-env", description = "show environment values (redacted by default)")
        boolean showEnv;

        @Override
        public Integer call() throws IOException {
            Response.Describe d = (Response.Describe) ok(ask(new Request.Describe(target, showEnv)));
            if (json) {
                out().println(Json.write(WireCodec.toTree(d.apps(), Response.Describe.class.getRecordComponents()[0].getGenericType())));
                return ExitCodes.OK;
            }
            for (AppDetail a : d.apps()) {
                Launch l = a.spec().launch();
                Supervision s = a.spec().supervision();
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("name", a.spec().name()));
                rows.add(List.of("namespace", a.spec().namespace()));
                rows.add(List.of("script", l.script()));
                rows.add(List.of("command", String.join(" ", a.command())));
                rows.add(List.of("cwd", l.cwd()));
                if (l.uid() != null || l.gid() != null) rows.add(List.of("user", user(l)));
                rows.add(List.of("instances", Integer.toString(a.spec().instances())));
                rows.add(List.of("exec_mode", l.execMode()));
                rows.add(List.of("env", l.env().isEmpty() ? "-" : String.join(" ", l.env().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList())));
                rows.add(List.of("instance_var", l.instanceVar()));
                rows.add(List.of("autorestart", Boolean.toString(s.autorestart())));
                rows.add(List.of("max_restarts", Integer.toString(s.maxRestarts())));
                rows.add(List.of("min_uptime", s.minUptimeMs() + " ms"));
                rows.add(List.of("restart_delay", s.restartDelayMs() + " ms"));
                rows.add(List.of("stop_signal", s.stopSignal()));
                rows.add(List.of("kill_timeout", s.killTimeoutMs() + " ms"));
                if (s.maxMemoryRestartBytes() > 0) rows.add(List.of("max_memory_restart", Render.bytes(s.maxMemoryRestartBytes())));
                if (s.cronRestart() != null) rows.add(List.of("cron_restart", s.cronRestart()));
                for (InstanceInfo i : a.instances()) {
                    rows.add(List.of("instance " + i.instance(), "id " + i.id() + ", " + i.status() + ", pid "
                            + (i.pid() == null ? "-" : i.pid()) + ", restarts " + i.restarts()
                            + ", unstable restarts " + i.unstableRestarts()
                            + (i.exitCode() != null ? ", last exit code " + i.exitCode() : "")
                            + (i.exitSignal() != null ? ", last killed by " + i.exitSignal() : "")
                            + (i.statusReason() != null ? " (" + i.statusReason() + ")" : "")));
                    rows.add(List.of("  out log", i.outLog()));
                    rows.add(List.of("  error log", i.errLog()));
                    for (jpm.rpc.InstanceDetail detail : a.details()) {
                        if (detail.id() != i.id()) continue;
                        if (detail.nextRestartAt() != null) rows.add(List.of("  next restart", detail.nextRestartAt()));
                        for (jpm.rpc.TransitionRecord t : detail.history()) {
                            rows.add(List.of("  " + t.at(), t.from() + " -> " + t.to() + " (" + t.cause() + ")"));
                        }
                    }
                }
                out().print(Render.columns(rows));
                out().println();
            }
            return ExitCodes.OK;
        }
    }

    /** uid/gid as this machine resolves them now: "nobody (uid 65534, gid 65534)", or as written and why not. */
    static String user(Launch l) {
        try {
            return RunAs.resolve(l.uid(), l.gid(), SystemAccounts.INSTANCE, Passwd.euid()).describe();
        } catch (SpecException e) {
            return (l.uid() != null ? "uid " + l.uid() : "") + (l.uid() != null && l.gid() != null ? ", " : "")
                    + (l.gid() != null ? "gid " + l.gid() : "") + " (" + e.getMessage() + ")";
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Zero the restart counters of apps.")
    static final class Reset extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace/name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            return printInstances(forEachTarget(target, Request.Reset::new), "reset");
        }
    }

    @Command(name = "sendSignal", aliases = "send-signal", mixinStandardHelpOptions = true,
            description = "Send a signal (e.g. SIGUSR2) to the main process of each running instance.")
    static final class SendSignal extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "SIGNAL")
        String signal;

        @Parameters(index = "1", paramLabel = "TARGET", description = "app name, namespace/name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            return printInstances(forEachTarget(target, t -> new Request.SendSignal(signal, t)), "signalled");
        }
    }

    @Command(name = "save", aliases = "dump", mixinStandardHelpOptions = true,
            description = "Save every app's definition to JPM_HOME/dump.json, for jpm resurrect.")
    static final class Save extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            return printDone(ask(new Request.Save()));
        }
    }

    @Command(name = "resurrect", mixinStandardHelpOptions = true,
            description = "Start the apps saved by jpm save that are not running.")
    static final class Resurrect extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            return printDone(ask(new Request.Resurrect()));
        }
    }

    @Command(name = "ping", mixinStandardHelpOptions = true, description = "Check that the daemon answers (starts it if needed).")
    static final class Ping extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            out().print(Render.pong((Response.Pong) ok(ask(new Request.Ping())), json));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Stop every app, then the daemon.")
    static final class Kill extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            RpcClient c = new DaemonConnector(main.jpmHome()).connectExisting();
            if (c == null) {
                out().println("no daemon running for " + main.jpmHome().dir());
                return ExitCodes.OK;
            }
            long pid = c.welcome().pid();
            try (c) {
                Response.Done d = (Response.Done) ok(c.call(new Request.Kill()));
                out().println(d.message());
            }
            // Return only once the daemon process is gone, so a following command starts a fresh one.
            if (!DaemonConnector.awaitGone(pid, DaemonConnector.EXIT_TIMEOUT_MS)) {
                throw new CliException(ExitCodes.FAILURE, "the daemon (pid " + pid + ") did not exit within "
                        + DaemonConnector.EXIT_TIMEOUT_MS / 1000 + " s");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Replace the running daemon by this jpm build without stopping any app (the new daemon re-adopts them).")
    static final class Update extends DaemonCommand {
        /** How long systemd gets to start the successor (RestartSec plus a JVM start). */
        static final long SUCCESSOR_TIMEOUT_MS = 20_000;

        @Override
        public Integer call() throws IOException {
            DaemonConnector connector = new DaemonConnector(main.jpmHome());
            RpcClient old = connector.connectExisting();
            if (old == null) {
                try (RpcClient c = connector.connectOrSpawn()) {
                    report(null, c, Map.of(), List.of());
                }
                return ExitCodes.OK;
            }
            Response.Pong before;
            Map<Long, Long> pidsBefore = new LinkedHashMap<>();
            Response.HandedOver handed;
            try (old) {
                before = (Response.Pong) ok(old.call(new Request.Ping()));
                for (InstanceInfo i : ((Response.Instances) ok(old.call(new Request.ListInstances()))).instances()) {
                    if (i.pid() != null) pidsBefore.put(i.id(), i.pid());
                }
                handed = (Response.HandedOver) ok(old.call(new Request.Update()));
            }
            awaitExit(handed.pid());
            try (RpcClient c = handed.systemd() ? awaitSuccessor(connector) : connector.connectOrSpawn()) {
                List<String> changed = new ArrayList<>();
                for (InstanceInfo i : ((Response.Instances) ok(c.call(new Request.ListInstances()))).instances()) {
                    Long was = pidsBefore.get(i.id());
                    if (was != null && !was.equals(i.pid())) {
                        changed.add(i.name() + "#" + i.instance() + " (pid " + was + " -> " + (i.pid() == null ? "none" : i.pid())
                                + ", " + i.status() + ")");
                    }
                }
                report(before, c, pidsBefore, changed);
            }
            return ExitCodes.OK;
        }

        private void report(Response.Pong before, RpcClient c, Map<Long, Long> pidsBefore, List<String> changed) throws IOException {
            Response.Pong after = (Response.Pong) ok(c.call(new Request.Ping()));
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("old_pid", before == null ? null : before.pid());
                o.put("old_build", before == null ? null : before.build());
                o.put("new_pid", after.pid());
                o.put("new_build", after.build());
                o.put("instances_kept", pidsBefore.size() - changed.size());
                o.put("instances_changed", changed);
                out().println(Json.write(o));
            } else if (before == null) {
                out().println("no daemon was running for " + main.jpmHome().dir() + "; started one (pid " + after.pid() + ", "
                        + after.build() + ")");
            } else {
                out().println("daemon updated: pid " + before.pid() + " (" + before.build() + ") -> pid " + after.pid() + " ("
                        + after.build() + "); " + (pidsBefore.size() - changed.size()) + " running instance(s) kept their pids");
                // an instance whose process exited during the hand-over is restarted by policy: say which
                for (String s : changed) out().println("  restarted meanwhile: " + s);
            }
        }

        private void awaitExit(long pid) {
            if (!DaemonConnector.awaitGone(pid, DaemonConnector.EXIT_TIMEOUT_MS)) {
                throw new CliException(ExitCodes.FAILURE, "the old daemon (pid " + pid + ") did not exit within "
                        + DaemonConnector.EXIT_TIMEOUT_MS / 1000 + " s; its apps keep running; see " + main.jpmHome().daemonLog());
            }
        }

        /** Under systemd the unit restarts the daemon (exit status 75); a second one started here would fight it. */
        private RpcClient awaitSuccessor(DaemonConnector connector) {
            long deadline = System.nanoTime() + SUCCESSOR_TIMEOUT_MS * 1_000_000;
            while (System.nanoTime() < deadline) {
                RpcClient c = connector.connectExisting();
                if (c != null) return c;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "the daemon ran under systemd and exited for its successor,"
                    + " but systemd did not start one within " + SUCCESSOR_TIMEOUT_MS / 1000 + " s: check `systemctl --user status"
                    + " jpm` (the unit must restart on exit status 75; see `jpm startup`); the apps keep running");
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Empty the log files of an app, a namespace, an id or all.")
    static final class Flush extends DaemonCommand {
        @Parameters(arity = "0..1", paramLabel = "TARGET", description = "app, namespace, id or all (default: all)")
        String target = "all";

        @Override
        public Integer call() throws IOException {
            return printDone(ask(new Request.Flush(target)));
        }
    }

    @Command(name = "reloadLogs", aliases = "reload-logs", mixinStandardHelpOptions = true,
            description = "Reopen the log files the daemon writes (after logrotate or a move).")
    static final class ReloadLogs extends DaemonCommand {
        @Override
        public Integer call() throws IOException {
            return printDone(ask(new Request.ReloadLogs()));
        }
    }

    @Command(name = "version", mixinStandardHelpOptions = true, description = "Print jpm's version.")
    static final class VersionCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(new Version().getVersion()[0]);
            return ExitCodes.OK;
        }
    }

    @Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the daemon (normally started by the CLI itself).")
    static final class DaemonCmd implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @Option(names = "--foreground", required = true, description = "run attached to this terminal (for systemd, containers)")
        boolean foreground;

        @Option(names = "--resurrect", description = "on a fresh start (no state.json), start the apps of jpm save's dump (docs/startup.md)")
        boolean resurrect;

        @Option(names = "--print-command", hidden = true, description = "print the shell command that runs this daemon (bin/jpm execs it)")
        boolean printCommand;

        @Override
        public Integer call() {
            if (printCommand) {
                System.out.println(new DaemonConnector(main.jpmHome()).foregroundShellCommand(resurrect));
                return ExitCodes.OK;
            }
            return Daemon.runForeground(main.jpmHome(), resurrect, System.out, System.err);
        }
    }
}
