package jpm.cli;

import java.io.IOException;
import jpm.rpc.Request;
import picocli.CommandLine.Command;

/**
 * {@code jpm ls} and {@code jlist}: every instance, as a table or a JSON array. Their plain forms
 * are answered by {@link FastPath} without picocli, with the same request and {@link Render}.
 */
final class ListCommands {
    private ListCommands() {}

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
}
