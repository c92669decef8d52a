package jpm.apply;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jpm.plan.Action;
import jpm.plan.Current;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.plan.Planner;
import jpm.rpc.Change;
import jpm.rpc.ErrorCode;
import jpm.rpc.InstanceInfo;
import jpm.rpc.ObservedApp;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import jpm.rpc.RpcException;
import jpm.spec.AppSpec;

/**
 * Observe, plan, execute, observe again. The plan is executed as one batch that the daemon
 * applies only at the generation it was planned on; if another apply or command got there first,
 * the whole cycle starts over (a few times), so two applies never interleave into a mix.
 */
public final class Applier {
    static final int MAX_ATTEMPTS = 5;
    static final Duration POLL = Duration.ofMillis(100);

    private final RpcClient client;
    private final Consumer<String> progress;

    public record Outcome(Plan plan, boolean executed) {}

    public Applier(RpcClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Plans against the daemon's current apps without changing anything. */
    public Plan plan(List<AppSpec> desired, PlanOptions options) throws IOException {
        return Planner.plan(desired, currents(observe().apps()), options);
    }

    /**
     * Converges: executes the plan, then waits until every desired instance is online and has
     * stayed up for its min_uptime.
     *
     * @param timeout how long to wait for that; null: do not wait (the daemon has started the
     *     processes when this returns; whether they stay up shows in ls)
     * @param onPlan told the plan that is about to be executed (once per attempt)
     * @throws ApplyException when an app cannot come up (errored, crash loop, deadline)
     */
    public Outcome apply(List<AppSpec> desired, PlanOptions options, Duration timeout, Consumer<Plan> onPlan) throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        Outcome executed = execute(desired, options, onPlan);
        if (timeout != null) awaitConverged(desired, options, deadline, timeout);
        return executed;
    }

    /** Plans and executes; plans again when another command changed the daemon's apps meanwhile. */
    private Outcome execute(List<AppSpec> desired, PlanOptions options, Consumer<Plan> onPlan) throws IOException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Response.Observed seen = observe();
            Plan plan = Planner.plan(desired, currents(seen.apps()), options);
            onPlan.accept(plan);
            refuseConflicts(plan);
            if (plan.isEmpty()) return new Outcome(plan, false);
            Response r = client.call(new Request.Execute(seen.generation(), changes(plan, options.owner()), options.takeOver()));
            if (r instanceof Response.Failure f && f.code().equals(ErrorCode.CONFLICT) && attempt < MAX_ATTEMPTS) {
                progress.accept("the daemon's apps changed while planning (" + f.message() + "); planning again");
                continue;
            }
            if (r instanceof Response.Failure f) throw new RpcException(f.code(), f.message());
            return new Outcome(plan, true);
        }
        throw new ApplyException("gave up after " + MAX_ATTEMPTS + " attempts: other commands kept changing the daemon's apps");
    }

    /** A plan that would change apps of another file is not executed at all (see {@link jpm.plan.Ownership}). */
    public static void refuseConflicts(Plan plan) {
        if (plan.conflicts().isEmpty()) return;
        throw new RpcException(ErrorCode.CONFLICT, String.join("; ", plan.conflicts().stream()
                .map(jpm.plan.Ownership.Conflict::message).toList()) + "; nothing was changed");
    }

    /** The batch for a plan; Restart carries its new size, Update its new owner. */
    static List<Change> changes(Plan plan, String owner) {
        List<Change> out = new ArrayList<>();
        for (Action a : plan.actions()) {
            out.add(switch (a) {
                case Action.Start s -> new Change.Create(s.spec(), owner);
                case Action.Restart r -> new Change.Replace(r.spec(), owner);
                case Action.Scale s -> new Change.Scale(s.spec().namespace(), s.spec().name(), s.to());
                case Action.Update u -> new Change.Update(u.spec(), owner);
                case Action.Delete d -> new Change.Remove(d.namespace(), d.name());
                case Action.Resume r -> new Change.Resume(r.spec().namespace(), r.spec().name());
            });
        }
        return out;
    }

    private void awaitConverged(List<AppSpec> desired, PlanOptions options, long deadline, Duration timeout) throws IOException {
        List<AppSpec> wanted = desired.stream()
                .filter(a -> options.namespace() == null || options.namespace().equals(a.namespace()))
                .filter(a -> options.only().isEmpty() || options.only().contains(a.name()))
                .toList();
        String lastReport = "";
        while (true) {
            Map<String, ObservedApp> byId = new HashMap<>();
            for (ObservedApp o : observe().apps()) byId.put(o.spec().id(), o);
            List<String> waiting = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            int ready = 0;
            int total = 0;
            for (AppSpec want : wanted) {
                total += want.instances();
                ObservedApp have = byId.get(want.id());
                if (have == null) {
                    failed.add(want.id() + ": removed by another command while applying");
                    continue;
                }
                for (InstanceInfo i : have.instances()) {
                    boolean finished = i.status().equals("stopped") && !want.supervision().autorestart() && i.exitCode() != null;
                    boolean finishedWell = finished
                            && (i.exitCode() == 0 || want.supervision().stopExitCodes().contains(i.exitCode()));
                    if (i.status().equals("errored") || (finished && !finishedWell)) {
                        failed.add(want.id() + "#" + i.instance() + " " + i.status() + lastExit(i));
                    } else if (finishedWell) {
                        ready++; // a one-shot job (autorestart off) that completed
                    } else if (i.status().equals("online") && i.uptimeMs() != null
                            && i.uptimeMs() >= want.supervision().minUptimeMs()) {
                        ready++;
                    } else {
                        waiting.add(want.id() + "#" + i.instance() + " " + i.status() + lastExit(i));
                    }
                }
            }
            if (!failed.isEmpty()) throw new ApplyException("apps failed to come up: " + String.join("; ", failed));
            if (waiting.isEmpty() && ready >= total) return;
            if (System.nanoTime() > deadline) {
                throw new ApplyException("not converged within " + timeout.toSeconds() + " s: " + String.join("; ", waiting));
            }
            String report = "waiting: " + ready + "/" + total + " instances online and stable";
            if (!report.equals(lastReport)) progress.accept(report);
            lastReport = report;
            try {
                Thread.sleep(POLL.toMillis()); // polling the daemon between observations
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException("interrupted while waiting for apps to come up");
            }
        }
    }

    private static String lastExit(InstanceInfo i) {
        if (i.statusReason() != null) return " (" + i.statusReason() + ")";
        if (i.exitCode() != null) return " (last exit code " + i.exitCode() + ")";
        if (i.exitSignal() != null) return " (last killed by " + i.exitSignal() + ")";
        return "";
    }

    private Response.Observed observe() throws IOException {
        Response r = client.call(new Request.Observe());
        if (r instanceof Response.Observed o) return o;
        if (r instanceof Response.Failure f) throw new RpcException(f.code(), f.message());
        throw new IOException("unexpected answer to observe: " + r);
    }

    private static List<Current> currents(List<ObservedApp> apps) {
        return apps.stream().map(o -> new Current(o.spec(), o.owner(), (int) o.instances().stream()
                .filter(i -> i.status().equals("errored") || (i.status().equals("stopped") && i.statusReason() == null))
                .count())).toList();
    }

    /**
     * {@code jpm start SCRIPT --take-over}: the app of that name gets this definition (its
     * instances restart with it) and no owning file; a new app is created.
     *
     * @return the app's instances afterwards
     */
    public List<InstanceInfo> define(AppSpec spec) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Response.Observed seen = observe();
            boolean exists = seen.apps().stream().anyMatch(o -> o.spec().id().equals(spec.id()));
            Change change = exists ? new Change.Replace(spec, null) : new Change.Create(spec, null);
            Response r = client.call(new Request.Execute(seen.generation(), List.of(change), true));
            if (r instanceof Response.Failure f && f.code().equals(ErrorCode.CONFLICT) && attempt < MAX_ATTEMPTS) continue;
            if (r instanceof Response.Failure f) throw new RpcException(f.code(), f.message());
            return observe().apps().stream().filter(o -> o.spec().id().equals(spec.id()))
                    .flatMap(o -> o.instances().stream()).toList();
        }
    }

    /**
     * {@code jpm scale}: N, +N or -N instances of one app (by name; a namespace settles ties).
     *
     * @return the new size
     */
    public int scale(String name, String namespace, String amount) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Response.Observed seen = observe();
            List<ObservedApp> matches = seen.apps().stream()
                    .filter(o -> o.spec().name().equals(name) && (namespace == null || o.spec().namespace().equals(namespace)))
                    .toList();
            if (matches.isEmpty()) throw new RpcException(ErrorCode.NOT_FOUND, "no app named '" + name + "'" + (namespace == null ? "" : " in namespace '" + namespace + "'"));
            if (matches.size() > 1) throw new RpcException(ErrorCode.BAD_REQUEST, "app '" + name + "' exists in several namespaces ("
                    + String.join(", ", matches.stream().map(o -> o.spec().namespace()).toList()) + "): add --namespace");
            AppSpec spec = matches.getFirst().spec();
            int to = ScaleAmount.apply(spec.instances(), amount);
            Response r = client.call(new Request.Execute(seen.generation(), List.of(new Change.Scale(spec.namespace(), spec.name(), to))));
            if (r instanceof Response.Executed) return to;
            if (r instanceof Response.Failure f && f.code().equals(ErrorCode.CONFLICT) && attempt < MAX_ATTEMPTS) continue;
            if (r instanceof Response.Failure f) throw new RpcException(f.code(), f.message());
            throw new IOException("unexpected answer to scale: " + r);
        }
    }
}
