package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import jpm.daemon.Daemon;
import jpm.ecosystem.SpecException;
import jpm.home.JpmHome;
import jpm.rpc.Protocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The jpm command line: PM2's verbs over the daemon's socket. The root command and its global
 * option; the subcommands are listed in {@link CommandRegistry}.
 */
@Command(name = "jpm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A process manager for any language.")
public final class Main implements Callable<Integer> {
    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "jpm home (default: $JPM_HOME, else ~/.jpm)")
    String home;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(dispatch(args));
    }

    /**
     * A command line's exit code: {@link FastPath} answers the plain ping, ls and jlist,
     * {@link CompletionTargets} the completion scripts' question, the daemon's own command line
     * starts it directly, picocli does the rest.
     */
    static int dispatch(String... args) {
        int code = FastPath.run(args);
        if (code != FastPath.NOT_HANDLED) return code;
        // the constant is inlined: other commands never load CompletionTargets
        if (args.length > 0 && args[args.length - 1].equals(CompletionTargets.VERB)) {
            code = CompletionTargets.run(args);
            if (code != FastPath.NOT_HANDLED) return code;
        }
        DaemonLine daemon = daemonCommandLine(args);
        if (daemon != null) return Daemon.runForeground(daemon.home(), daemon.resurrect(), daemon.metrics(), System.out, System.err);
        return run(args);
    }

    /**
     * The command line {@link DaemonConnector} gives every daemon.
     *
     * @param metrics ADDR of {@code --metrics}, or null
     */
    record DaemonLine(JpmHome home, boolean resurrect, String metrics) {}

    /**
     * The command line {@link DaemonConnector} gives every daemon, {@code --home DIR daemon
     * --foreground [--resurrect] [--metrics ADDR]}, or null for any other. Reading picocli's
     * annotations was a quarter of the daemon's start-up (docs/performance.md); other forms, help
     * included, still go through picocli. (ADDR was checked by the command that wrote the line.)
     */
    static DaemonLine daemonCommandLine(String[] args) {
        boolean shape = args.length >= 4 && args[0].equals("--home") && !args[1].isBlank() && !args[1].startsWith("-")
                && args[2].equals("daemon") && args[3].equals("--foreground");
        if (!shape) return null;
        int i = 4;
        boolean resurrect = i < args.length && args[i].equals("--resurrect");
        if (resurrect) i++;
        String metrics = null;
        if (i + 1 < args.length && args[i].equals("--metrics") && !args[i + 1].startsWith("-")) {
            metrics = args[i + 1];
            i += 2;
        }
        return i == args.length ? new DaemonLine(JpmHome.resolve(args[1], System.getenv()), resurrect, metrics) : null;
    }

    /** The home of {@link #daemonCommandLine}, or null. */
    static JpmHome daemonCommandHome(String[] args) {
        DaemonLine line = daemonCommandLine(args);
        return line == null ? null : line.home();
    }

    /**
     * Runs a command line through picocli. Only the subcommand it names is handed to picocli:
     * building the model of all of them (annotations read by reflection) was most of a `jpm
     * ping`. Help, no command, or an unknown word get them all.
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = CommandRegistry.forCommandLine(args);
        for (Class<?> c : named != null ? List.<Class<?>>of(named) : CommandRegistry.commands()) cl.addSubcommand(c);
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
}
