package jpm.cli;

import java.io.IOException;
import jpm.rpc.Request;
import picocli.CommandLine.Command;

/** {@code jpm save} and {@code jpm resurrect}: the daemon writes, or starts the apps of, JPM_HOME/dump.json. */
final class DumpCommands {
    private DumpCommands() {}

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
}
