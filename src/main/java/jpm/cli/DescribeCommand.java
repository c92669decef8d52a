package jpm.cli;

import java.io.IOException;
import jpm.ecosystem.Launch;
import jpm.ecosystem.RunAs;
import jpm.ecosystem.SpecException;
import jpm.json.Json;
import jpm.os.Passwd;
import jpm.rpc.AppDetail;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.WireCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpm describe}: each app's definition and instances ({@link DescribeText}), or the JSON of the daemon's answer. */
@Command(name = "describe", mixinStandardHelpOptions = true, aliases = "show", description = "Show an app's definition and instances.")
final class DescribeCommand extends DaemonCommand {
    @Parameters(paramLabel = "TARGET", description = "app name, namespace, instance id, or all")
    String target;

    @Option(names = "--show-env", description = "show environment values (redacted by default)")
    boolean showEnv;

    @Override
    public Integer call() throws IOException {
        Response.Describe d = (Response.Describe) ok(ask(new Request.Describe(target, showEnv)));
        if (json) {
            out().println(Json.write(WireCodec.toTree(d.apps(), Response.Describe.class.getRecordComponents()[0].getGenericType())));
            return ExitCodes.OK;
        }
        for (AppDetail a : d.apps()) {
            out().print(DescribeText.of(a, DescribeCommand::user));
            out().println();
        }
        return ExitCodes.OK;
    }

    /** uid/gid as this machine resolves them now: "nobody (uid 65534, gid 65534)", or as written and why not. */
    static String user(Launch l) {
        try {
            return RunAs.resolve(l.uid(), l.gid(), SystemAccounts.INSTANCE, Passwd.euid()).describe();
        } catch (SpecException e) {
            return (l.uid() != null ? "uid " + l.uid() : "") + (l.uid() != null && l.gid() != null ? ", " : "")
                    + (l.gid() != null ? "gid " + l.gid() : "") + " (" + e.getMessage() + ")";
        }
    }
}
