package jpm.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import jpm.apply.Applier;
import jpm.apply.ApplyException;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpm reload}: the daemon replaces the processes, then (unless --no-wait) this waits for them to stay up. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Replace apps' processes one instance at a time without refusing a request (cluster mode:"
                + " each new process ready before the old one drains); other apps restart one instance at a time.")
final class ReloadCommand extends DaemonCommand {
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
            try (RpcClient c = connector().connectOrSpawn()) {
                new Applier(c, line -> { }).awaitInstances(ids, wait);
            } catch (ApplyException e) {
                FileCommands.reportFailing(this, e);
                throw new CliException(ExitCodes.FAILURE, e.getMessage());
            }
        }
        return printInstances(r, "reloaded");
    }
}
