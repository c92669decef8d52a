package jpm.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import jpm.daemon.Daemon;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands about the daemon itself rather than apps: ping, kill, version, and daemon (which
 * runs it). The plain ping is answered by {@link FastPath}, the daemon's own command line by
 * {@link Main#daemonCommandLine}; these classes take every other form.
 */
final class DaemonControlCommands {
    private DaemonControlCommands() {}

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
            RpcClient c = connector().connectExisting();
            if (c == null) {
                out().println("no daemon running for " + main().jpmHome().dir());
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

    @Command(name = "version", mixinStandardHelpOptions = true, description = "Print jpm's version.")
    static final class ShowVersion implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(new Main.Version().getVersion()[0]);
            return ExitCodes.OK;
        }
    }

    @Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the daemon (normally started by the CLI itself).")
    static final class RunDaemon implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @Option(names = "--foreground", required = true, description = "run attached to this terminal (for systemd, containers)")
        boolean foreground;

        @Option(names = "--resurrect", description = "on a fresh start (no state.json), start the apps of jpm save's dump (docs/startup.md)")
        boolean resurrect;

        @Option(names = "--metrics", paramLabel = "ADDR", description = "serve metrics for Prometheus on HOST:PORT, e.g. 127.0.0.1:9615"
                + " (docs/metrics.md); default: $JPM_METRICS, else none")
        String metrics;

        @Option(names = "--print-command", hidden = true, description = "print the shell command that runs this daemon (bin/jpm execs it)")
        boolean printCommand;

        @Override
        public Integer call() {
            if (metrics != null) {
                try {
                    jpm.metrics.ListenAddress.parse(metrics);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, "--metrics " + e.getMessage());
                }
            }
            if (printCommand) {
                System.out.println(new DaemonConnector(main.jpmHome()).foregroundShellCommand(resurrect, metrics));
                return ExitCodes.OK;
            }
            return Daemon.runForeground(main.jpmHome(), resurrect, metrics, System.out, System.err);
        }
    }
}
