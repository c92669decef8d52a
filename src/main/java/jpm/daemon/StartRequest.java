package jpm.daemon;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.CommandResolver;
import jpm.ecosystem.SpecException;
import jpm.rpc.ErrorCode;
import jpm.rpc.Response;

/**
 * {@code jpm start} of a new app: its command line and log paths are checked off the loop, then the
 * app is created on the loop, unless it exists, belongs to an ecosystem file, would share log files
 * with another, or none of its instances could be spawned (then nothing is created).
 */
final class StartRequest {
    private final Apps apps;
    private final EventLoop loop;
    private final CommandResolver resolver;
    private final LogPaths logs;
    private final AppChanges changes;
    private final Views views;
    private final ChangeTrail trail;

    StartRequest(Apps apps, EventLoop loop, CommandResolver resolver, LogPaths logs, AppChanges changes, Views views,
                 ChangeTrail trail) {
        this.apps = apps;
        this.loop = loop;
        this.resolver = resolver;
        this.logs = logs;
        this.changes = changes;
        this.views = views;
        this.trail = trail;
    }

    CompletableFuture<Response> start(AppSpec spec) {
        List<String> command;
        try {
            command = resolver.resolve(spec); // file checks off the loop: they may touch slow disks
            // an unknown user, one this daemon cannot switch to, a log path through a stranger's link: refused now
            logs.checkLinks(spec, RunAsShim.planFor(spec).uid());
        } catch (SpecException e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.INVALID_SPEC, e.getMessage()));
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> f.complete(createOnLoop(spec, command)));
        return f;
    }

    private static Response alreadyExists(String why) {
        return why == null ? null : new Response.Failure(ErrorCode.ALREADY_EXISTS, why);
    }

    private Response createOnLoop(AppSpec spec, List<String> command) {
        App existing = apps.get(spec.namespace(), spec.name());
        Response refused = existing != null && existing.owner != null
                ? new Response.Failure(ErrorCode.CONFLICT, spec.id() + " belongs to " + existing.owner + ": change it there and"
                        + " `jpm apply` that file, or give `jpm start --take-over` to replace it with this command's definition")
                : alreadyExists(changes.whyNotCreate(spec, Set.of()));
        if (refused != null) return refused;
        try {
            LogDirs.ensure(logs.dirFor(spec.namespace()));
        } catch (IOException e) {
            return new Response.Failure(ErrorCode.INTERNAL, "app '" + spec.name() + "': " + e.getMessage() + "; nothing was started");
        }
        App app = changes.create(spec, command, null);
        List<Instance> failed = app.instances.stream().filter(i -> i.state.status() == Status.ERRORED).toList();
        if (!failed.isEmpty() && failed.size() == app.instances.size()) {
            // nothing could run (a #! line naming a missing interpreter, ...): refused like a missing script
            changes.forget(app);
            return new Response.Failure(ErrorCode.INVALID_SPEC, "app '" + spec.name() + "': "
                    + failed.getFirst().state.reason() + "; nothing was started");
        }
        apps.bumpGeneration();
        trail.byHand(app, "jpm start");
        return failed.isEmpty() ? views.snapshot(app.instances) : new Response.Failure(ErrorCode.INTERNAL, "app '" + spec.name()
                + "': " + failed.size() + " of " + app.instances.size() + " instances did not start (" + failed.getFirst().state.reason()
                + "); the others run: `jpm restart " + spec.name() + "` tries again");
    }
}
