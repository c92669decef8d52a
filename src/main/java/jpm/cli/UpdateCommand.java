package jpm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.json.Json;
import jpm.rpc.Response;
import picocli.CommandLine.Command;

/** {@code jpm update}: {@link DaemonHandover} replaces the daemon; this prints what it did. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Replace the running daemon by this jpm build without stopping any app (the new daemon re-adopts them).")
final class UpdateCommand extends DaemonCommand {
    @Override
    public Integer call() throws IOException {
        DaemonHandover.Outcome outcome = new DaemonHandover(main().jpmHome()).run();
        for (String line : report(outcome, json, main().jpmHome().dir())) out().println(line);
        return ExitCodes.OK;
    }

    /** The lines printed for a hand-over: one JSON object, or a sentence and each instance restarted meanwhile. */
    static List<String> report(DaemonHandover.Outcome o, boolean json, Path homeDir) {
        Response.Pong before = o.before();
        Response.Pong after = o.after();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("old_pid", before == null ? null : before.pid());
            m.put("old_build", before == null ? null : before.build());
            m.put("new_pid", after.pid());
            m.put("new_build", after.build());
            m.put("instances_kept", o.kept());
            m.put("instances_changed", o.restarted());
            return List.of(Json.write(m));
        }
        if (before == null) {
            return List.of("no daemon was running for " + homeDir + "; started one (pid " + after.pid() + ", " + after.build() + ")");
        }
        List<String> lines = new ArrayList<>();
        lines.add("daemon updated: pid " + before.pid() + " (" + before.build() + ") -> pid " + after.pid() + " ("
                + after.build() + "); " + o.kept() + " running instance(s) kept their pids");
        // an instance whose process exited during the hand-over is restarted by policy: say which
        for (String s : o.restarted()) lines.add("  restarted meanwhile: " + s);
        return lines;
    }
}
