package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import jpm.ecosystem.AppSpec;
import jpm.plan.Current;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.plan.PlanText;
import jpm.plan.Planner;
import jpm.rpc.Revision;
import jpm.rpc.RpcClient;

/**
 * {@code jpm diff FILE --rev N}: the plan from the current revision's definitions to revision N's
 * (what {@code jpm rollback --to N} would change), or with {@code --rev N..M} from N to M; and
 * for a plain {@code jpm diff}, whether the file still defines what its last revision did.
 */
final class RevisionDiff {
    private RevisionDiff() {}

    /** Prints the plan between two revisions; exit 0 when they define the same apps, 1 when not (as diff). */
    static int between(DaemonCommand cmd, String fileArg, String rev) throws IOException {
        RevisionPick.Range range = RevisionPick.range(rev);
        String key = Revisions.key(Path.of(fileArg));
        List<Revision> revisions;
        try (RpcClient c = cmd.connector().connectOrSpawn()) {
            // with env values: the plan compares them, and prints only that they changed
            revisions = Revisions.fetch(c, key, null, true);
        }
        if (revisions.isEmpty()) throw RevisionPick.neverApplied(fileArg);
        Revision from = range.from() == null ? revisions.getLast() : RevisionPick.find(revisions, range.from(), fileArg);
        Revision to = RevisionPick.find(revisions, range.to(), fileArg);
        Plan plan = plan(from, to, key);
        boolean same = plan.isEmpty();
        FileCommands.printPlan(cmd, plan, same ? "revisions " + from.number() + " and " + to.number() + " define the same apps"
                : "from revision " + from.number() + " to " + to.number() + ": " + PlanText.summary(plan));
        return same ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** What going from one revision's definitions to another's changes, as the planner decides it for a rollback. */
    static Plan plan(Revision from, Revision to, String file) {
        List<Current> current = from.apps().stream().map(a -> new Current(a, file)).toList();
        return Planner.plan(to.apps(), current, new PlanOptions(file, true, Set.of(), null, false));
    }

    /**
     * Plain {@code jpm diff}: one line saying whether the file as loaded defines what its last
     * revision did; nothing when it has none. Text only (the JSON plan stays as it is).
     */
    static void fileLine(DaemonCommand cmd, RpcClient c, String fileArg, List<AppSpec> loaded) throws IOException {
        if (cmd.json) return;
        List<Revision> revisions = Revisions.fetch(c, Revisions.key(Path.of(fileArg)), null, false);
        if (revisions.isEmpty()) return;
        PrintWriter out = cmd.out();
        out.println(line(revisions.getLast(), Revision.hashOf(loaded)));
        out.flush();
    }

    static String line(Revision last, String loadedHash) {
        return loadedHash.equals(last.hash())
                ? "the file defines what revision " + last.number() + " applied (" + RevisionText.describe(last) + ")"
                : "the file changed since revision " + last.number() + " (" + RevisionText.describe(last) + ")";
    }
}
