package jpm.cli;

import java.nio.charset.Charset;
import java.util.List;
import java.util.TreeSet;
import jpm.home.JpmHome;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/**
 * {@code jpm __complete-targets}, which the completion scripts ({@link CompletionScripts}) run
 * to complete a TARGET or APP argument: the names and namespaces of the daemon's apps, one per
 * line. Without picocli, like {@link FastPath}, since it runs on each Tab; it only asks a daemon
 * that runs and never starts one (a Tab must not start a daemon), and prints nothing when none
 * answers. Not a command of {@link CommandRegistry}: users never type it.
 */
final class CompletionTargets {
    static final String VERB = "__complete-targets";

    private CompletionTargets() {}

    /** Answers {@code [--home DIR] __complete-targets}; {@link FastPath#NOT_HANDLED} for anything else. */
    static int run(String[] args) {
        String home;
        if (args.length == 1 && args[0].equals(VERB)) home = null;
        else if (args.length == 3 && args[0].equals("--home") && args[2].equals(VERB)) home = args[1];
        else return FastPath.NOT_HANDLED;
        try (RpcClient c = new DaemonConnector(JpmHome.resolve(home, System.getenv())).connectExisting()) {
            if (c != null && c.call(new Request.ListInstances()) instanceof Response.Instances l) {
                System.out.writeBytes(String.join("\n", candidates(l.instances())).concat("\n").getBytes(Charset.defaultCharset()));
                System.out.flush();
            }
        } catch (Exception e) {
            // no daemon, another version, a failure: no candidates, and nothing on the user's terminal
        }
        return ExitCodes.OK;
    }

    /** What a target can be completed to: each app's name, each namespace, and all; sorted, once each. */
    static List<String> candidates(List<InstanceInfo> instances) {
        TreeSet<String> out = new TreeSet<>();
        for (InstanceInfo i : instances) {
            out.add(i.name());
            out.add(i.namespace());
        }
        out.add("all");
        return List.copyOf(out);
    }
}
