package jpm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import jpm.json.Json;
import jpm.plan.PlanOptions;
import jpm.rpc.Revision;
import jpm.rpc.RevisionSource;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpm history} and {@code jpm rollback}: the revisions the daemon recorded of ecosystem files (docs/gitops.md). */
final class RevisionCommands {
    private RevisionCommands() {}

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List the revisions recorded of an ecosystem file, of the files that defined an app, or of every file.")
    static final class History extends DaemonCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|APP",
                description = "an ecosystem file, or an app (name or namespace/name); none: every file")
        String target;

        @Override
        public Integer call() throws IOException {
            // a file that is gone may still have revisions: a name with a file's extension is taken as one
            boolean isFile = target != null && (Files.isRegularFile(Path.of(target)) || target.matches(".*\\.(ya?ml|json|[cm]?js)$"));
            String file = isFile ? Revisions.key(Path.of(target)) : null;
            String app = target != null && !isFile ? target : null;
            List<Revision> revisions;
            try (RpcClient c = connector().connectOrSpawn()) {
                revisions = Revisions.fetch(c, file, app, false);
            }
            if (revisions.isEmpty() && file != null) throw RevisionPick.neverApplied(target);
            if (revisions.isEmpty() && app != null) {
                throw new CliException(ExitCodes.FAILURE, "no revision defines an app '" + app + "' (revisions are recorded by"
                        + " jpm apply of an ecosystem file; for a file, give its path)");
            }
            if (json) {
                out().println(Json.write(RevisionText.json(revisions)));
            } else if (revisions.isEmpty()) {
                out().println("no revisions recorded: jpm apply FILE records one each time it changes something");
            } else {
                out().print(RevisionText.table(revisions));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Apply an earlier revision's definitions of an ecosystem file (default: the one before the current);"
                    + " only what differs restarts, and the rollback is itself a new revision.")
    static final class Rollback extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "the ecosystem file as it was applied (its path)")
        Path file;

        @Option(names = "--to", paramLabel = "N", description = "the revision to go back to (see jpm history FILE)")
        Integer to;

        @Option(names = "--dry-run", description = "show the plan, change nothing")
        boolean dryRun;

        @Option(names = "--timeout", defaultValue = "60s", description = "how long to wait for apps to come up (default: 60s)")
        String timeout;

        @Option(names = "--no-wait", description = "return once the processes are started, without waiting for them to stay up")
        boolean noWait;

        @Override
        public Integer call() throws IOException {
            String key = Revisions.key(file);
            Duration wait = noWait ? null : FileCommands.duration(timeout);
            Revision target;
            try (RpcClient c = connector().connectOrSpawn()) {
                target = RevisionPick.rollbackTarget(Revisions.fetch(c, key, null, true), to, file.toString());
            }
            if (!json) {
                err().println("rolling back " + file + " to revision " + target.number() + " (" + RevisionText.describe(target) + ")");
                err().flush();
            }
            // the whole file as it was: apps it has gained since are deleted (prune), as a re-apply of that file would
            PlanOptions options = new PlanOptions(key, true, Set.of(), null, false);
            return FileCommands.applyApps(this, "revision " + target.number() + " of " + file, target.apps(), options, dryRun, wait,
                    () -> new RevisionSource(RevisionSource.ROLLBACK, "to " + target.number(), target.source().git()));
        }
    }
}
