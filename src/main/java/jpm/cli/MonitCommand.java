package jpm.cli;

import java.io.IOException;
import jpm.os.Fds;
import jpm.rpc.ErrorCode;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;

/**
 * {@code jpm monit}: the full-screen live view (docs/monit.md). This class only checks that
 * there is a terminal and a daemon; the view is {@code jpm.cli.monit.Monit}, which alone loads
 * JLine, so that no other command pays for it.
 */
@Command(name = "monit", mixinStandardHelpOptions = true,
        description = "A full-screen live view of the instances: status, cpu and memory, logs and events; keys act on them (docs/monit.md).")
final class MonitCommand extends DaemonCommand {
    static final String NO_TERMINAL = "jpm monit needs a terminal (stdin and stdout); here use `jpm ls` for the table"
            + " or `jpm events` for what happens";

    @Override
    public Integer call() throws IOException {
        if (!Fds.isTerminal(0) || !Fds.isTerminal(1) || "dumb".equals(System.getenv("TERM"))) {
            throw new CliException(ExitCodes.USAGE, NO_TERMINAL);
        }
        DaemonConnector connector = connector();
        try (RpcClient ignored = connector.connectOrSpawn()) {
            // a daemon runs now: monit itself never starts one (it watches the one there is)
        }
        boolean colors = LogFormat.colorsWanted(System.getenv(), true, false, false);
        String ended = jpm.cli.monit.Monit.run(connector::connectExisting, colors);
        if (ended != null) throw new CliException(ExitCodes.ofFailure(ErrorCode.CONNECTION_LOST), ended);
        return ExitCodes.OK;
    }
}
