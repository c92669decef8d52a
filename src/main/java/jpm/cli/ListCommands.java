package jpm.cli;

import java.io.IOException;
import jpm.json.Json;
import jpm.os.Fds;
import jpm.rpc.Request;
import jpm.rpc.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jpm ls} and {@code jlist}: every instance, as a table or a JSON array. Their plain forms
 * are answered by {@link FastPath} without picocli, with the same request and {@link Render}.
 */
final class ListCommands {
    private ListCommands() {}

    @Command(name = "ls", mixinStandardHelpOptions = true, aliases = {"list", "status"}, description = "List every instance.")
    static final class Ls extends DaemonCommand {
        @Option(names = "--tree", description = "show the apps as dependency trees (depends_on), conditions on the edges")
        boolean tree;

        @Override
        public Integer call() throws IOException {
            if (tree) return printTree();
            return printInstances(ask(new Request.ListInstances()), null);
        }

        private int printTree() throws IOException {
            Response.Describe d = (Response.Describe) ok(ask(new Request.Describe("all", false)));
            if (json) {
                out().println(Json.write(DependencyTree.tree(d.apps())));
            } else {
                boolean colors = LogFormat.colorsWanted(System.getenv(), Fds.isTerminal(1), false, false);
                out().print(DependencyTree.render(d.apps(), colors));
            }
            out().flush();
            return ExitCodes.OK;
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
