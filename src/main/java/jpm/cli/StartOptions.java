package jpm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Quantities;
import jpm.ecosystem.Supervision;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of {@code jpm start} and the app they define ({@link #toSpec}), the one place of
 * the CLI that builds an {@link AppSpec}. {@link StartCommand} extends this class: picocli reads
 * the fields of superclasses, and a mixin would cost a cold start 15 to 35 ms.
 */
abstract class StartOptions extends DaemonCommand {
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
    int logRetain = Supervision.DEFAULTS.logs().logRetain();

    @Option(names = "--log-compress", description = "gzip rotated log files")
    boolean logCompress;

    @Option(names = "--uid", paramLabel = "USER", description = "run the app as this user, a name or a uid (a root daemon only)")
    String uid;

    @Option(names = "--gid", paramLabel = "GROUP", description = "run the app with this group (default: the user's primary group)")
    String gid;

    @Option(names = "--stdin", paramLabel = "message",
            description = "message: the app reads each message of `jpm send` as a line of its stdin (default: /dev/null)")
    String stdin;

    /**
     * The new app these options define, a relative {@code --cwd} (and no --cwd) taken from
     * {@code currentDir}. Pure: a bad option is a {@link CliException} (exit 2), a bad value
     * the spec's records refuse a {@link jpm.ecosystem.SpecException}.
     */
    AppSpec toSpec(Path currentDir) {
        Path dir = cwd == null ? currentDir : currentDir.resolve(cwd).normalize();
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new CliException(ExitCodes.USAGE, "--env wants K=V, got '" + kv + "'");
            vars.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String appName = name != null ? name : defaultName(script);
        long maxSize;
        try {
            maxSize = logMaxSize == null ? 0 : Quantities.memoryBytes(logMaxSize);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--log-max-size: " + e.getMessage());
        }
        Launch launch = new Launch(script, args, dir.toString(), interpreter, interpreterArgs, vars, instanceVar, null,
                null, null, null, null, false, false, null, null, null, null, uid, gid, stdin)
                .withLogs(outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType);
        Supervision supervision = Supervision.builder()
                .stopSignal(stopSignal).killTimeoutMs(killTimeout)
                .autorestart(!noAutorestart).maxRestarts(maxRestarts).minUptimeMs(minUptime).restartDelayMs(restartDelay)
                .logMaxSizeBytes(maxSize).logRetain(logRetain).logCompress(logCompress)
                .watch(watch ? List.of(dir.toString()) : List.of())
                .build();
        return new AppSpec(appName, namespace, instances, launch, supervision);
    }

    /** PM2's default name: the script's file name without directory, arguments or extension. */
    static String defaultName(String script) {
        String file = script.substring(script.lastIndexOf('/') + 1);
        int sp = file.indexOf(' ');
        if (sp > 0) file = file.substring(0, sp);
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
