package jpm.apply;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jpm.plan.Action;
import jpm.plan.Current;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.plan.PlanText;
import jpm.plan.Planner;
import jpm.rpc.InstanceStatus;
import jpm.rpc.Change;
import jpm.rpc.ErrorCode;
import jpm.rpc.InstanceInfo;
import jpm.rpc.ObservedApp;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import jpm.rpc.RevisionDraft;
import jpm.rpc.RevisionSource;
import jpm.rpc.RpcException;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Supervision;

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

    /**
     * @param revision the number of the revision the daemon recorded, or null (nothing executed)
     * @param repaired the drift ({@link Drift}) of the apps the executed plan acted on; empty when nothing executed
     */
    public record Outcome(Plan plan, boolean executed, Integer revision, List<DriftItem> repaired) {}

    /** A plan and the drift since the file's last apply, told from one look at the daemon's apps. */
    public record Preview(Plan plan, List<DriftItem> drift) {}

    public Applier(RpcClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Plans against the daemon's current apps without changing anything. */
    public Plan plan(List<AppSpec> desired, PlanOptions options) throws IOException {
        return Planner.plan(desired, currents(observe().apps()), options);
    }

    /** The plan, and what other commands changed since the file's last apply ({@link Drift}) within the options' scope. */
    public Preview preview(List<AppSpec> desired, PlanOptions options) throws IOException {
        Response.Observed seen = observe();
        return new Preview(Planner.plan(desired, currents(seen.apps()), options), Drift.of(options, seen.apps(), seen.removed()));
    }

    /**
     * Converges: executes the plan, then waits until every desired instance is online and has
     * stayed up for its min_uptime.
     *
     * @param timeout how long to wait for that; null: do not wait (the daemon has started the
     *     processes when this returns; whether they stay up shows in ls)
     * @param onPlan told the plan that is about to be executed (once per attempt)
     * @param source where the definitions came from, for the revision the daemon records; asked for only
     *     when there is something to execute (reading git costs a few processes: a no-op apply does not pay for them)
     * @throws ApplyException when an app cannot come up (errored, crash loop, deadline)
     */
    public Outcome apply(List<AppSpec> desired, PlanOptions options, Duration timeout, Consumer<Plan> onPlan,
            Supplier<RevisionSource> source) throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        Map<Long, Integer> unstableBefore = new HashMap<>();
        Outcome executed = execute(desired, options, onPlan, unstableBefore, source);
        if (timeout != null) awaitConverged(inScope(desired, options), unstableBefore, deadline, timeout);
        return executed;
    }

    /** Plans and executes; plans again when another command changed the daemon's apps meanwhile. */
    private Outcome execute(List<AppSpec> desired, PlanOptions options, Consumer<Plan> onPlan, Map<Long, Integer> unstableBefore,
                            Supplier<RevisionSource> source) throws IOException {
        RevisionSource why = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Response.Observed seen = observe();
            Plan plan = Planner.plan(desired, currents(seen.apps()), options);
            onPlan.accept(plan);
            refuseConflicts(plan);
            refuseMissingDependencies(inScope(desired, options), seen.apps());
            unstableBefore.clear();
            unstableBefore.putAll(unstableBefore(seen.apps(), plan));
            if (plan.isEmpty()) return new Outcome(plan, false, null, List.of());
            if (why == null) why = source.get();
            RevisionDraft draft = options.owner() == null || why == null ? null
                    : new RevisionDraft(options.owner(), recorded(desired, options, seen.apps()), why, PlanText.summary(plan));
            Response r = client.call(new Request.Execute(seen.generation(), changes(plan, options.owner()), options.takeOver(), draft));
            if (r instanceof Response.Failure f && f.code().equals(ErrorCode.CONFLICT) && attempt < MAX_ATTEMPTS) {
                progress.accept("the daemon's apps changed while planning (" + f.message() + "); planning again");
                continue;
            }
            if (r instanceof Response.Failure f) throw new RpcException(f.code(), f.message());
            // drift told from the same look at the daemon as the plan that repairs it
            return new Outcome(plan, true, r instanceof Response.Executed e ? e.revision() : null,
                    Drift.repairedBy(Drift.of(options, seen.apps(), seen.removed()), plan));
        }
        throw new ApplyException("gave up after " + MAX_ATTEMPTS + " attempts: other commands kept changing the daemon's apps");
    }

    /**
     * The definitions a revision records: the file's apps as loaded; with --only or --namespace,
     * the apps left out keep the definition the daemon runs for this file (or are left out if it
     * runs none), so that the revision says what runs and a rollback to it restores that.
     */
    static List<AppSpec> recorded(List<AppSpec> desired, PlanOptions options, List<ObservedApp> seen) {
        Set<String> inScope = new HashSet<>();
        for (AppSpec a : inScope(desired, options)) inScope.add(a.id());
        Map<String, AppSpec> running = new HashMap<>();
        for (ObservedApp o : seen) {
            if (options.owner().equals(o.owner())) running.put(o.spec().id(), o.spec());
        }
        List<AppSpec> out = new ArrayList<>();
        for (AppSpec a : desired) {
            if (inScope.contains(a.id())) out.add(a);
            else if (running.containsKey(a.id())) out.add(running.get(a.id()));
        }
        return out;
    }

    /**
     * Each instance's unstable_restarts before the plan is executed, for the ones that keep
     * counting from there: the daemon counts from 0 again for an instance it restarts or resumes
     * (and new ones start at 0), so those are left out.
     */
    static Map<Long, Integer> unstableBefore(List<ObservedApp> apps, Plan plan) {
        Set<String> restarted = new HashSet<>();
        Set<String> resumed = new HashSet<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Restart) restarted.add(a.app());
            if (a instanceof Action.Resume) resumed.add(a.app());
        }
        Map<Long, Integer> out = new HashMap<>();
        for (ObservedApp o : apps) {
            if (restarted.contains(o.spec().id())) continue;
            for (InstanceInfo i : o.instances()) {
                if (resumed.contains(o.spec().id()) && idle(i)) continue;
                out.put(i.id(), i.unstableRestarts());
            }
        }
        return out;
    }

    private static List<AppSpec> inScope(List<AppSpec> desired, PlanOptions options) {
        return desired.stream().filter(a -> options.covers(a.namespace(), a.name())).toList();
    }

    /** A plan that would change apps of another file is not executed at all (see {@link jpm.plan.Ownership}). */
    public static void refuseConflicts(Plan plan) {
        if (plan.conflicts().isEmpty()) return;
        throw new RpcException(ErrorCode.CONFLICT, String.join("; ", plan.conflicts().stream()
                .map(jpm.plan.Ownership.Conflict::message).toList()) + "; nothing was changed");
    }

    /** A dependency that neither this apply starts nor the daemon has would keep its dependents waiting: refused whole. */
    static void refuseMissingDependencies(List<AppSpec> applied, List<ObservedApp> seen) {
        Set<String> inDaemon = new HashSet<>();
        for (ObservedApp o : seen) inDaemon.add(o.spec().id());
        List<String> missing = DependencyReport.missing(applied, inDaemon);
        if (!missing.isEmpty()) {
            throw new RpcException(ErrorCode.NOT_FOUND, String.join("; ", missing) + ": apply that app first, or fix depends_on;"
                    + " nothing was applied");
        }
    }

    /** The batch for a plan; Restart carries its new size, Update its new owner. */
    static List<Change> changes(Plan plan, String owner) {
        List<Change> out = new ArrayList<>();
        for (Action a : plan.actions()) {
            out.add(switch (a) {
                case Action.Start s -> new Change.Create(s.spec(), owner);
                case Action.Restart r -> new Change.Replace(r.spec(), owner);
                case Action.Scale s -> new Change.Scale(s.spec().namespace(), s.spec().name(), s.to(), owner);
                case Action.Update u -> new Change.Update(u.spec(), owner);
                case Action.Delete d -> new Change.Remove(d.namespace(), d.name());
                case Action.Resume r -> new Change.Resume(r.spec().namespace(), r.spec().name());
            });
        }
        return out;
    }

    /** An instance waited for: its app, as last observed, the supervision it is judged by, and its count before. */
    private record Watched(String app, InstanceInfo instance, Supervision want, int unstableBefore) {}

    /** What one observation gives to wait for: the instances, apps gone meanwhile, and how many instances are expected. */
    private record Selection(List<Watched> watched, List<String> gone, int total, List<String> dependencyFailures) {
        Selection(List<Watched> watched, List<String> gone, int total) {
            this(watched, gone, total, List.of());
        }
    }

    /**
     * Waits until every instance of {@code wanted} is up for its min_uptime; fails as soon as
     * one is failing ({@link Convergence}: errored, or a crash loop), or at the deadline.
     */
    private void awaitConverged(List<AppSpec> wanted, Map<Long, Integer> unstableBefore, long deadline, Duration timeout)
            throws IOException {
        awaitUp(apps -> {
            Map<String, ObservedApp> byId = new HashMap<>();
            for (ObservedApp o : apps) byId.put(o.spec().id(), o);
            List<Watched> watched = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            int total = 0;
            for (AppSpec want : wanted) {
                total += want.instances();
                ObservedApp have = byId.get(want.id());
                if (have == null) {
                    gone.add(want.id() + ": removed by another command while applying");
                    continue;
                }
                for (InstanceInfo i : have.instances()) {
                    watched.add(new Watched(want.id(), i, want.supervision(), unstableBefore.getOrDefault(i.id(), 0)));
                }
            }
            Set<String> ids = new HashSet<>();
            for (AppSpec want : wanted) ids.add(want.id());
            return new Selection(watched, gone, total, DependencyReport.failedChains(ids, apps, wanted));
        }, deadline, timeout);
    }

    /**
     * {@code jpm reload}: waits until the instances the daemon answered with (restarted or new,
     * so their unstable count starts at 0) are up for their app's min_uptime; fails as soon as
     * one is failing, or at the deadline. Instances deleted meanwhile are not waited for.
     */
    public void awaitInstances(List<Long> ids, Duration timeout) throws IOException {
        Set<Long> wanted = Set.copyOf(ids);
        awaitUp(apps -> {
            List<Watched> watched = new ArrayList<>();
            for (ObservedApp o : apps) {
                for (InstanceInfo i : o.instances()) {
                    if (wanted.contains(i.id())) watched.add(new Watched(o.spec().id(), i, o.spec().supervision(), 0));
                }
            }
            return new Selection(watched, List.of(), watched.size());
        }, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private interface Selector {
        Selection select(List<ObservedApp> apps);
    }

    private void awaitUp(Selector selector, long deadline, Duration timeout) throws IOException {
        String lastReport = "";
        while (true) {
            Selection now = selector.select(observe().apps());
            List<String> waiting = new ArrayList<>();
            List<ApplyException.Failing> failing = new ArrayList<>();
            int ready = 0;
            for (Watched w : now.watched()) {
                InstanceInfo i = w.instance();
                Convergence.Verdict v = Convergence.of(i, w.want(), w.unstableBefore());
                switch (v.kind()) {
                    case READY -> ready++;
                    case WAITING -> waiting.add(w.app() + "#" + i.instance() + " " + i.status()
                            + (i.health() != null ? " (" + i.health() + ")" : "") + lastExit(i));
                    case FAILING -> failing.add(new ApplyException.Failing(w.app(), i, w.want().restart().maxRestarts(), v.why()));
                }
            }
            if (!now.dependencyFailures().isEmpty()) {
                // the waiting apps stay waiting, the running ones run: a fix and another apply go on from there
                throw new ApplyException(String.join("; ", now.dependencyFailures()), failing);
            }
            if (!failing.isEmpty() || !now.gone().isEmpty()) {
                List<String> all = new ArrayList<>(now.gone());
                for (ApplyException.Failing f : failing) {
                    InstanceInfo i = f.instance();
                    all.add(f.app() + "#" + i.instance() + " " + i.status() + lastExit(i)
                            + (i.status() == InstanceStatus.ERRORED ? "" : ": " + f.why()));
                }
                throw new ApplyException("apps failed to come up: " + String.join("; ", all), failing);
            }
            if (waiting.isEmpty() && ready >= now.total()) return;
            if (System.nanoTime() > deadline) {
                throw new ApplyException("not converged within " + timeout.toSeconds() + " s: " + String.join("; ", waiting));
            }
            boolean probed = now.watched().stream().anyMatch(w -> w.want().health().health() != null);
            String report = "waiting: " + ready + "/" + now.total() + " instances online and stable" + (probed ? " (and healthy)" : "");
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
        return apps.stream().map(o -> new Current(o.spec(), o.owner(), (int) o.instances().stream().filter(Applier::idle).count()))
                .toList();
    }

    /** Does not run and will not by itself: stopped by hand, or errored (an apply resumes it). */
    private static boolean idle(InstanceInfo i) {
        return i.status() == InstanceStatus.ERRORED || (i.status() == InstanceStatus.STOPPED && i.statusReason() == null);
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
