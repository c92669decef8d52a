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
        java.util.Map<String, jpm.rpc.SyncSourceInfo> sources = syncSources(d);
        for (AppDetail a : d.apps()) {
            // an app whose file is in no sync clone has no source (Map.of() refuses a null key)
            String source = a.revision() == null ? null : syncName(main.jpmHome().dir().resolve("sync"), a.revision().file());
            out().print(DescribeText.of(a, DescribeCommand::user, source == null ? null : sources.get(source)));
            out().println();
        }
        return ExitCodes.OK;
    }

    /** The daemon's sync sources by name, asked only when an app's file is in a sync clone. */
    private java.util.Map<String, jpm.rpc.SyncSourceInfo> syncSources(Response.Describe d) throws IOException {
        java.nio.file.Path dir = main.jpmHome().dir().resolve("sync");
        boolean synced = d.apps().stream().anyMatch(a -> a.revision() != null && syncName(dir, a.revision().file()) != null);
        if (!synced) return java.util.Map.of();
        java.util.Map<String, jpm.rpc.SyncSourceInfo> out = new java.util.HashMap<>();
        for (jpm.rpc.SyncSourceInfo s : ((Response.SyncSources) ok(ask(new Request.SyncList()))).sources()) out.put(s.name(), s);
        return out;
    }

    /** The sync source whose clone ({@code JPM_HOME/sync/NAME/}) holds {@code file}, or null. */
    static String syncName(java.nio.file.Path syncDir, String file) {
        java.nio.file.Path p = java.nio.file.Path.of(file).normalize();
        if (!p.startsWith(syncDir) || p.getNameCount() <= syncDir.getNameCount() + 1) return null;
        return p.getName(syncDir.getNameCount()).toString();
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
