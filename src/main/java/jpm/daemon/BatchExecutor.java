package jpm.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import jpm.daemon.Lifecycle.Event;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.CommandResolver;
import jpm.ecosystem.SpecException;
import jpm.rpc.Change;
import jpm.daemon.state.SavedRevision;
import jpm.rpc.ErrorCode;
import jpm.rpc.GitCommit;
import jpm.rpc.Revision;
import jpm.rpc.RevisionDraft;
import jpm.rpc.Request;
import jpm.rpc.Response;

/**
 * Executes an apply's plan as one batch: every change is checked first (generation, ownership,
 * existence, command lines, log directories), then all are applied in one loop task, or none.
 * Cluster apps whose launch changed roll one instance at a time; the answer waits for them.
 */
final class BatchExecutor {
    private final Apps apps;
    private final EventLoop loop;
    private final CommandResolver resolver;
    private final LogPaths logs;
    private final AppChanges changes;
    private final RollingReplacement rolling;
    private final Launcher launcher;
    private final Fire fire;
    private final RevisionStore revisions;
    private final ChangeTrail trail;
    private final Consumer<String> log;

    BatchExecutor(Apps apps, EventLoop loop, CommandResolver resolver, LogPaths logs, AppChanges changes, RollingReplacement rolling,
                  Launcher launcher, Fire fire, RevisionStore revisions, ChangeTrail trail, Consumer<String> log) {
        this.apps = apps;
        this.loop = loop;
        this.resolver = resolver;
        this.logs = logs;
        this.changes = changes;
        this.rolling = rolling;
        this.launcher = launcher;
        this.fire = fire;
        this.revisions = revisions;
        this.trail = trail;
        this.log = log;
    }

    CompletableFuture<Response> execute(Request.Execute ex) {
        // Resolve every new command line first, off the loop; any mistake refuses the whole batch.
        Map<Change, List<String>> commands = new IdentityHashMap<>();
        for (Change c : ex.changes()) {
            AppSpec spec = switch (c) {
                case Change.Create cr -> cr.spec();
                case Change.Replace r -> r.spec();
                case Change.Update u -> null;
                case Change.Scale sc -> null;
                case Change.Remove rm -> null;
                case Change.Resume rs -> null;
            };
            if (spec == null) continue;
            try {
                commands.put(c, resolver.resolve(spec));
                logs.checkLinks(spec, RunAsShim.planFor(spec).uid());
            } catch (SpecException e) {
                return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.INVALID_SPEC, e.getMessage()));
            }
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<CompletableFuture<RollingReplacement.Result>> rollings = new ArrayList<>();
            Response r = executeOnLoop(ex, commands, rollings);
            if (rollings.isEmpty() || r instanceof Response.Failure) {
                f.complete(r);
                return;
            }
            // cluster apps roll one instance at a time: apply answers once they all are through
            CompletableFuture.allOf(rollings.toArray(CompletableFuture[]::new)).thenRun(() -> {
                List<String> failed = rollings.stream().map(CompletableFuture::join).filter(x -> x.failure() != null)
                        .map(RollingReplacement.Result::failure).toList();
                f.complete(failed.isEmpty() ? r : new Response.Failure(ErrorCode.NOT_READY, String.join("\n", failed)
                        + "\nThe app keeps its previous definition, so the next apply tries again."));
            });
        });
        return f;
    }

    private Response executeOnLoop(Request.Execute ex, Map<Change, List<String>> commands,
                                   List<CompletableFuture<RollingReplacement.Result>> rollings) {
        Response refused = check(ex);
        if (refused != null) return refused;
        for (Change c : ex.changes()) {
            switch (c) {
                case Change.Create cr -> changes.create(cr.spec(), commands.get(c), cr.owner());
                case Change.Replace r -> replace(r, commands.get(c), rollings);
                case Change.Update u -> {
                    App app = apps.get(u.spec().namespace(), u.spec().name());
                    changes.redefine(app, u.spec(), app.command, u.owner(), "updated", "apply: live update");
                    log.accept("update " + u.spec().id() + " live: " + u.spec().supervision());
                    launcher.applyLogPolicy(app);
                }
                case Change.Scale sc -> {
                    App app = apps.get(sc.namespace(), sc.name());
                    changes.redefine(app, app.spec.withInstances(sc.instances()), app.command, app.owner, "scaled", "scale");
                    log.accept("scale " + app.spec.id() + " to " + sc.instances());
                    changes.resize(app, sc.instances(), "scale");
                }
                case Change.Resume rs -> {
                    for (Instance i : apps.get(rs.namespace(), rs.name()).instances) {
                        Lifecycle.State st = i.state;
                        if (st.status() == Status.ERRORED || (st.status() == Status.STOPPED && st.reason() == null)) {
                            fire.fire(i, new Event.Start("apply: resume"));
                        }
                    }
                }
                case Change.Remove rm -> changes.remove(apps.get(rm.namespace(), rm.name()), "apply: removed (--prune)");
            }
            record(c);
            if (c == ex.changes().getFirst() && ex.changes().size() > 1) CrashPoint.reach(CrashPoint.MID_APPLY);
        }
        apps.bumpGeneration();
        Integer revision = ex.revision() == null ? null : revisions.record(saved(ex.revision()));
        return new Response.Executed(apps.generation(), revision);
    }

    /** The draft as the store keeps it, with its hash, time and user (the socket admits only the daemon's user). */
    private SavedRevision saved(RevisionDraft d) {
        GitCommit g = d.source().git();
        return new SavedRevision(0, d.file(), Revision.hashOf(d.apps()), apps.clock().instant().toString(),
                System.getProperty("user.name"), d.source().kind(), d.source().detail(), g == null ? null : g.commit(),
                g == null ? null : g.branch(), g != null && g.dirty(), g == null ? null : g.remote(), d.summary(), d.apps());
    }

    /**
     * What the change says of who changed the app: an apply (its changes name the file) sets what
     * drift is measured against; a batch of a command (no file: {@code jpm scale}, {@code jpm start
     * --take-over}) is a change by hand.
     */
    private void record(Change c) {
        switch (c) {
            case Change.Create cr -> record(apps.get(cr.spec().namespace(), cr.spec().name()), cr.owner(), "jpm start --take-over");
            case Change.Replace r -> record(apps.get(r.spec().namespace(), r.spec().name()), r.owner(), "jpm start --take-over");
            case Change.Update u -> trail.applied(apps.get(u.spec().namespace(), u.spec().name()), u.owner());
            case Change.Scale sc -> record(apps.get(sc.namespace(), sc.name()), sc.file(), "jpm scale");
            // only apply resumes, and only apps of its file (it adopted them earlier in the batch)
            case Change.Resume rs -> {
                App app = apps.get(rs.namespace(), rs.name());
                trail.applied(app, app.owner);
            }
            case Change.Remove rm -> { }
        }
    }

    /** The app was changed by an apply of {@code file}, or (no file) by hand with {@code command}. */
    private void record(App app, String file, String command) {
        if (file == null) trail.byHand(app, command);
        else trail.applied(app, file);
    }

    /** Every reason to refuse the whole batch, before anything changes; null when it may run. */
    private Response check(Request.Execute ex) {
        if (ex.expectedGeneration() != apps.generation()) {
            return new Response.Failure(ErrorCode.CONFLICT, "the daemon's apps changed since the plan was made (another apply or"
                    + " command came first): nothing was changed; run the command again");
        }
        Set<String> created = new HashSet<>();
        for (Change c : ex.changes()) {
            Response refused = switch (c) {
                case Change.Create cr -> {
                    String why = changes.whyNotCreate(cr.spec(), created);
                    yield why == null ? null : new Response.Failure(ErrorCode.ALREADY_EXISTS, why);
                }
                case Change.Replace r -> refuseOwnerChange(r.spec(), r.owner(), ex.takeOver());
                case Change.Update u -> refuseOwnerChange(u.spec(), u.owner(), ex.takeOver());
                case Change.Scale sc -> requireApp(sc.namespace(), sc.name());
                case Change.Remove rm -> requireApp(rm.namespace(), rm.name());
                case Change.Resume rs -> requireApp(rs.namespace(), rs.name());
            };
            if (refused != null) return refused;
            if (c instanceof Change.Create cr) {
                created.add(App.key(cr.spec().namespace(), cr.spec().name()));
                try {
                    // here, before any change: a batch is all or nothing (making an empty private dir changes nothing)
                    LogDirs.ensure(logs.dirFor(cr.spec().namespace()));
                } catch (IOException e) {
                    return new Response.Failure(ErrorCode.INTERNAL, "app " + cr.spec().id() + ": " + e.getMessage() + "; nothing was changed");
                }
            }
        }
        return null;
    }

    /** A changed launch: instances restart with it; a cluster app rolls on its shared sockets, refusing no request. */
    private void replace(Change.Replace r, List<String> command, List<CompletableFuture<RollingReplacement.Result>> rollings) {
        App app = apps.get(r.spec().namespace(), r.spec().name());
        AppSpec previous = app.spec;
        List<String> previousCommand = app.command;
        changes.redefine(app, r.spec(), command, r.owner(), "replaced", "apply: launch changed");
        log.accept("replace " + r.spec().id() + ": " + app.command);
        List<Instance> kept = List.copyOf(app.instances);
        if (!app.sharesSockets()) {
            for (Instance i : kept) {
                if (i.index < r.spec().instances()) fire.fire(i, new Event.RestartRequested("apply: launch changed"));
            }
            changes.resize(app, r.spec().instances(), "apply: scale");
            return;
        }
        changes.resize(app, r.spec().instances(), "apply: scale");
        CompletableFuture<RollingReplacement.Result> rolled =
                rolling.start(kept.stream().filter(app.instances::contains).toList(), "apply: launch changed");
        rollings.add(rolled);
        rolled.thenAccept(result -> {
            // not rolled through: the definition stays the one that runs, so a later apply retries
            if (result.failure() != null && apps.contains(app)) {
                changes.redefine(app, previous.withInstances(app.spec.instances()), previousCommand, app.owner, "reverted",
                        "apply: rolling replacement failed");
                apps.bumpGeneration();
            }
        });
    }

    /**
     * An app of one ecosystem file gets another owner only when the batch says so (apply
     * --take-over). The planner refuses such a plan already; checked again here, in the same step
     * as the change, so that no client and no race can move an app between files unasked.
     */
    private Response refuseOwnerChange(AppSpec spec, String newOwner, boolean takeOver) {
        App app = apps.get(spec.namespace(), spec.name());
        if (app == null) return requireApp(spec.namespace(), spec.name());
        if (takeOver || app.owner == null || app.owner.equals(newOwner)) return null;
        return new Response.Failure(ErrorCode.CONFLICT, spec.id() + " belongs to " + app.owner + ", not to "
                + (newOwner == null ? "a jpm start" : newOwner) + ": nothing was changed; give --take-over to move it");
    }

    private Response requireApp(String namespace, String name) {
        if (apps.get(namespace, name) != null) return null;
        return new Response.Failure(ErrorCode.CONFLICT, "app " + namespace + "/" + name
                + " no longer exists (another command removed it): nothing was changed; run the command again");
    }
}
