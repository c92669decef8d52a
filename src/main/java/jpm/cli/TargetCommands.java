package jpm.cli;

import java.io.IOException;
import java.util.List;
import jpm.json.Json;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.WireCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The commands of one shape: a target (an app, namespace, id, all, or for most an ecosystem
 * file) and one request for it. stop, restart, reset and sendSignal print the instances they
 * acted on; delete how many are gone; flush and reloadLogs the daemon's message. Each is a class
 * of its own because picocli takes a command's name, help and parameters from annotations.
 */
final class TargetCommands {
    private TargetCommands() {}

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop apps; returns when their processes are gone.")
    static final class Stop extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            return printInstances(forEachTarget(target, Request.Stop::new, true), "stopped");
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

    @Command(name = "delete", mixinStandardHelpOptions = true, aliases = "del", description = "Stop apps and forget them.")
    static final class Delete extends DaemonCommand {
        @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
        String target;

        @Override
        public Integer call() throws IOException {
            List<InstanceInfo> gone = ((Response.Instances) ok(forEachTarget(target, Request.Delete::new, true))).instances();
            if (json) {
                out().println(Json.write(WireCodec.toTree(gone, Render.instanceListType())));
            } else {
                out().println("deleted " + gone.size() + " instance" + (gone.size() == 1 ? "" : "s"));
            }
            return ExitCodes.OK;
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
}
