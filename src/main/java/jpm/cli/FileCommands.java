package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jpm.apply.Applier;
import jpm.apply.ApplyException;
import jpm.apply.DriftItem;
import jpm.json.Json;
import jpm.os.Passwd;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.plan.PlanText;
import jpm.rpc.RevisionSource;
import jpm.rpc.RpcClient;
import jpm.rpc.RpcException;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.EcosystemException;
import jpm.ecosystem.EcosystemLoader;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that read an ecosystem file: apply, diff, validate; and scale. */
final class FileCommands {
    private FileCommands() {}

    /** Options shared by every command that loads a file. */
    static class FileOptions {
        @Parameters(index = "0", paramLabel = "FILE", description = "ecosystem file (.yaml, .yml or .json)")
        Path file;

        @Option(names = "--env", paramLabel = "NAME", description = "merge env_<NAME> over env")
        String envName;

        @Option(names = "--strict", description = "treat warnings (PM2 keys jpm ignores) as errors")
        boolean strict;

        @Option(names = "--only", split = ",", paramLabel = "APP", description = "consider only these apps (comma-separated)")
        Set<String> only = new HashSet<>();

        @Option(names = "--namespace", description = "consider only this namespace")
        String namespace;
    }

    /** Loads the file, printing warnings; on errors prints them all and exits 2. */
    static LoadResult load(FileOptions o, PrintWriter err) {
        return load(o.file, new LoadOptions(o.envName, o.strict), "nothing was applied", err);
    }

    /**
     * Loads a file, printing warnings; on errors prints them all and exits 2 with
     * "N problems in FILE; " and {@code notDone} (what the command did not do because of them).
     */
    static LoadResult load(Path file, LoadOptions options, String notDone, PrintWriter err) {
        if (!Files.isRegularFile(file)) throw new CliException(ExitCodes.USAGE, "no such file: " + file.toAbsolutePath());
        try {
            // users and groups through NSS, so an unknown uid or gid is an error at its line
            EcosystemLoader loader = new EcosystemLoader(Runtime.getRuntime().availableProcessors(), SystemAccounts.INSTANCE, Passwd.euid());
            LoadResult r = loader.load(file.toAbsolutePath(), options);
            for (Diagnostic d : r.infos()) err.println(d.render());
            for (Diagnostic d : r.warnings()) err.println(d.render());
            err.flush();
            return r;
        } catch (EcosystemException e) {
            for (Diagnostic d : e.diagnostics()) err.println(d.render());
            int n = e.errors().size();
            throw new CliException(ExitCodes.USAGE, n + " problem" + (n == 1 ? "" : "s") + " in " + file.toAbsolutePath()
                    + "; " + notDone);
        }
    }

    static PlanOptions planOptions(FileOptions o, boolean prune, boolean takeOver) {
        return new PlanOptions(Revisions.key(o.file), prune, o.only, o.namespace, takeOver);
    }

    static Duration duration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "--timeout wants a duration like 60s, 2m or 500ms, got '" + s + "'");
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Make the running apps equal to an ecosystem file: start, restart, scale, update and (--prune) delete.")
    static final class Apply extends DaemonCommand {
        @CommandLine.Mixin
        FileOptions file = new FileOptions();

        @Option(names = "--prune", description = "delete apps this file applied earlier but no longer lists")
        boolean prune;

        @Option(names = "--dry-run", description = "show the plan, change nothing")
        boolean dryRun;

        @Option(names = "--take-over", description = "make apps that another ecosystem file applied this file's"
                + " (without it, such apps are a conflict and nothing is applied)")
        boolean takeOver;

        @Option(names = "--timeout", defaultValue = "60s", description = "how long to wait for apps to come up (default: 60s)")
        String timeout;

        @Option(names = "--no-wait", description = "return once the processes are started, without waiting for them to stay"
                + " up for min_uptime (as pm2 start does); jpm ls shows how they fare")
        boolean noWait;

        @Override
        public Integer call() throws IOException {
            return applyFile(this, file, prune, takeOver, dryRun, noWait ? null : timeout);
        }

    }

    /**
     * apply, and `jpm start <file>` (which is apply without prune, as PM2 users expect).
     * {@code timeout} null: do not wait for the apps to stay up.
     */
    static int applyFile(DaemonCommand cmd, FileOptions file, boolean prune, boolean takeOver, boolean dryRun, String timeout)
            throws IOException {
        PrintWriter err = cmd.spec.commandLine().getErr();
        Duration wait = timeout == null ? null : duration(timeout);
        LoadResult loaded = load(file, err);
        return applyApps(cmd, file.file.toString(), loaded.apps(), planOptions(file, prune, takeOver), dryRun, wait,
                () -> Revisions.applySource(file.file));
    }

    /**
     * Plans and converges {@code apps} as the file {@code label} (the apply of a file, or of a
     * revision's definitions for a rollback); {@code source} is asked for only if the plan is not empty.
     */
    static int applyApps(DaemonCommand cmd, String label, List<AppSpec> apps, PlanOptions options, boolean dryRun, Duration wait,
                         Supplier<RevisionSource> source) throws IOException {
        PrintWriter err = cmd.spec.commandLine().getErr();
        PrintWriter out = cmd.out();
        try (RpcClient c = new DaemonConnector(cmd.main().jpmHome()).connectOrSpawn()) {
            Applier applier = new Applier(c, line -> {
                err.println(line);
                err.flush();
            });
            if (dryRun) {
                Plan plan = applier.plan(apps, options);
                printPlan(cmd, plan, "plan for " + label + " (dry run, nothing changed): " + PlanText.summary(plan));
                Applier.refuseConflicts(plan); // the apply would be refused: so is its dry run
                return ExitCodes.OK;
            }
            Applier.Outcome outcome;
            try {
                outcome = applier.apply(apps, options, wait, plan -> {
                    if (!cmd.json) {
                        out.print(PlanText.render(plan, true));
                        out.flush();
                    }
                }, source);
            } catch (ApplyException e) {
                reportFailing(cmd, e);
                throw new CliException(ExitCodes.FAILURE, e.getMessage());
            } catch (RpcException e) {
                // a script, cwd or interpreter the file names that does not exist is the file's mistake
                boolean fileMistake = e.code().equals(jpm.rpc.ErrorCode.INVALID_SPEC);
                throw new CliException(ExitCodes.ofFailure(e.code()),
                        e.getMessage() + (fileMistake ? " (in " + label + "; nothing was applied)" : ""));
            }
            Plan plan = outcome.plan();
            if (cmd.json) {
                Map<String, Object> tree = new LinkedHashMap<>(PlanText.tree(plan));
                if (outcome.revision() != null) tree.put("revision", (long) outcome.revision());
                tree.put("repaired_drift", DriftText.tree(outcome.repaired()));
                out.println(Json.write(tree));
            } else {
                out.println("applied " + label + ": " + PlanText.summary(plan)
                        + (wait == null && !plan.isEmpty() ? " (started, not waited for: see jpm ls)" : "")
                        + (outcome.revision() == null ? "" : " (revision " + outcome.revision() + ")"));
                out.print(DriftText.repaired(outcome.repaired(), Instant.now(), ZoneId.systemDefault()));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    /** The instances that failed to come up: their last exit, restart schedule and error log (as JSON with --json). */
    static void reportFailing(DaemonCommand cmd, ApplyException e) {
        if (e.failing().isEmpty()) return;
        if (cmd.json) {
            cmd.out().println(Json.write(FailureReport.tree(e.getMessage(), e.failing())));
            cmd.out().flush();
        } else {
            PrintWriter err = cmd.spec.commandLine().getErr();
            err.print(FailureReport.text(e.failing()));
            err.flush();
        }
    }

    /** A plan as JSON, or as text with field-level changes and a closing line. */
    static void printPlan(DaemonCommand cmd, Plan plan, String closingLine) {
        printPlan(cmd, plan, closingLine, List.of());
    }

    /** As {@link #printPlan(DaemonCommand, Plan, String)}, after the drift since the file's last apply (its own section; "drift" in JSON). */
    static void printPlan(DaemonCommand cmd, Plan plan, String closingLine, List<DriftItem> drift) {
        PrintWriter out = cmd.out();
        if (cmd.json) {
            Map<String, Object> tree = PlanText.tree(plan);
            tree.put("drift", DriftText.tree(drift));
            out.println(Json.write(tree));
        } else {
            out.print(DriftText.section(drift, Instant.now(), ZoneId.systemDefault()));
            out.print(PlanText.render(plan, true));
            out.println(closingLine);
        }
        out.flush();
    }

    /** True for a target or script that names an ecosystem file (PM2 habit: `pm2 start ecosystem.yaml`). */
    static boolean isEcosystemFile(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        boolean named = a.endsWith(".yaml") || a.endsWith(".yml") || a.endsWith(".json") || a.endsWith(".config.js")
                || a.endsWith(".config.cjs") || a.endsWith(".config.mjs");
        return named && Files.isRegularFile(Path.of(arg));
    }

    /** The "namespace/name" targets of every app in a file. */
    static java.util.List<String> targetsOf(String fileArg, PrintWriter err) {
        FileOptions o = new FileOptions();
        o.file = Path.of(fileArg);
        // in start order (dependencies first), so that a caller may go the other way for stops
        java.util.Map<String, java.util.Map<String, String>> graph = new java.util.LinkedHashMap<>();
        for (jpm.ecosystem.AppSpec a : load(o, err).apps()) graph.put(a.id(), a.supervision().dependencies().dependsOn());
        return jpm.ecosystem.DependencyGraph.of(graph).levels().stream().flatMap(java.util.List::stream).toList();
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Show what apply would change, field by field. Exit 0: no change, 1: changes, >1: error.")
    static final class Diff extends DaemonCommand {
        @CommandLine.Mixin
        FileOptions file = new FileOptions();

        @Option(names = "--prune", description = "include deletions of apps the file no longer lists")
        boolean prune;

        @Option(names = "--take-over", description = "plan as apply --take-over would")
        boolean takeOver;

        @Option(names = "--rev", paramLabel = "N|N..M", description = "the plan from the current revision to revision N"
                + " (what jpm rollback --to N would change), or from N to M; the file is not read")
        String rev;

        @Override
        public Integer call() throws IOException {
            if (rev != null) return RevisionDiff.between(this, file.file.toString(), rev);
            LoadResult loaded = load(file, spec.commandLine().getErr());
            try (RpcClient c = new DaemonConnector(main().jpmHome()).connectOrSpawn()) {
                RevisionDiff.fileLine(this, c, file.file.toString(), loaded.apps());
                Applier.Preview preview = new Applier(c, line -> { }).preview(loaded.apps(), planOptions(file, prune, takeOver));
                Plan plan = preview.plan();
                boolean same = plan.isEmpty() && plan.conflicts().isEmpty();
                printPlan(this, plan, same ? "no changes" : PlanText.summary(plan), preview.drift());
                // kubectl diff's convention, so scripts can test for drift
                return same ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check an ecosystem file without applying it: every problem as file:line:col.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Mixin
        FileOptions file = new FileOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            LoadResult r = load(file, spec.commandLine().getErr());
            int instances = r.apps().stream().mapToInt(a -> a.instances()).sum();
            spec.commandLine().getOut().println(file.file + ": ok, " + r.apps().size() + " app" + (r.apps().size() == 1 ? "" : "s")
                    + ", " + instances + " instance" + (instances == 1 ? "" : "s")
                    + (r.warnings().isEmpty() ? "" : ", " + r.warnings().size() + " warning" + (r.warnings().size() == 1 ? "" : "s")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true, description = "Scale an app to N, or by +N / -N instances.")
    static final class Scale extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", paramLabel = "N|+N|-N")
        String amount;

        @Option(names = "--namespace", description = "the app's namespace, when its name exists in several")
        String namespace;

        @Override
        public Integer call() throws IOException {
            try (RpcClient c = new DaemonConnector(main().jpmHome()).connectOrSpawn()) {
                int to = new Applier(c, line -> { }).scale(app, namespace, amount);
                if (json) out().println(Json.write(Map.of("app", app, "instances", (long) to)));
                else out().println("scaled " + app + " to " + to + " instance" + (to == 1 ? "" : "s"));
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
    }
}
