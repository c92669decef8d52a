package jpm.cli;

import java.io.IOException;
import java.nio.file.Path;
import jpm.apply.Applier;
import jpm.ecosystem.AppSpec;
import jpm.rpc.ErrorCode;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;

/**
 * {@code jpm start}: an ecosystem file (as apply without prune), an app the daemon has, or a new
 * app defined by the options ({@link StartOptions}).
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start apps the daemon has (by name, id, namespace or all), an ecosystem file's apps, or a new app"
                + " (a script or a command) in fork mode.")
final class StartCommand extends StartOptions {
    @Override
    public Integer call() throws IOException {
        if (FileCommands.isEcosystemFile(script)) {
            FileCommands.FileOptions file = new FileCommands.FileOptions();
            file.file = Path.of(script);
            return FileCommands.applyFile(this, file, false, takeOver, false, "60s");
        }
        boolean onlyTarget = onlyTarget();
        AppSpec defined = onlyTarget ? null : newApp(); // a mistake is reported before a daemon is spawned
        try (RpcClient c = connector().connectOrSpawn()) {
            if (onlyTarget) {
                // an app the daemon knows wins over a file of that name (pm2 stop api ... pm2 start api)
                Response known = c.call(new Request.StartKnown(script));
                if (!(known instanceof Response.Failure f && f.code().equals(ErrorCode.NOT_FOUND))) {
                    return printInstances(known, "started");
                }
            }
            AppSpec app = defined != null ? defined : newApp();
            if (takeOver) return printInstances(new Response.Instances(new Applier(c, line -> { }).define(app)), "started");
            return printInstances(c.call(new Request.Start(app)), "started");
        }
    }

    /** Whether the command line is just {@code start TARGET} (global options and --json aside). */
    private boolean onlyTarget() {
        return args.isEmpty() && spec.commandLine().getParseResult().matchedOptions().stream()
                .allMatch(o -> o.longestName().equals("--json") || o.longestName().equals("--home"));
    }

    private AppSpec newApp() {
        return toSpec(Path.of("").toAbsolutePath());
    }
}
