package jpm.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jpm.daemon.state.SavedRevision;
import jpm.ecosystem.AppSpec;
import jpm.os.ProcFs;
import jpm.rpc.AppDetail;
import jpm.rpc.DependencyState;
import jpm.rpc.ErrorCode;
import jpm.rpc.GitCommit;
import jpm.rpc.InstanceDetail;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.LastApply;
import jpm.rpc.LastChange;
import jpm.rpc.ObservedApp;
import jpm.rpc.ProbeResult;
import jpm.rpc.RemovedApp;
import jpm.rpc.Response;
import jpm.rpc.Revision;
import jpm.rpc.RevisionSource;
import jpm.rpc.TransitionRecord;

/** The daemon's apps and instances as the wire shows them: ls/jlist rows, describe, apply's observation. Runs on the loop. */
final class Views {
    private final Apps apps;
    private final DependencyGate gate;
    private final RevisionStore revisions;

    Views(Apps apps, DependencyGate gate, RevisionStore revisions) {
        this.apps = apps;
        this.gate = gate;
        this.revisions = revisions;
    }

    Response.Instances snapshot(List<Instance> instances) {
        Instant now = apps.clock().instant();
        List<InstanceInfo> out = new ArrayList<>(instances.size());
        for (Instance i : instances) {
            Lifecycle.State s = i.state;
            boolean running = i.running != null;
            Long uptime = s.startedAt() != null && running ? Duration.between(s.startedAt(), now).toMillis() : null;
            out.add(new InstanceInfo(i.id, i.app.spec.name(), i.app.spec.namespace(), i.index,
                    running ? i.pid : null, wire(s.status()), s.restarts(), s.unstableRestarts(), uptime,
                    running ? i.cpuPercent : 0, running ? i.rssBytes : 0,
                    s.exitCode(), s.exitSignal(), s.reason(), i.outLog.toString(), i.errLog.toString(),
                    s.nextRestartAt() == null ? null : Math.max(0, Duration.between(now, s.nextRestartAt()).toMillis()),
                    i.cpuTicksTotal * 1000 / ProcFs.TICKS_PER_SECOND, i.health == null ? null : i.health.wire(),
                    revisions.revisionOf(i.app.owner, i.app.spec.namespace(), i.app.spec.name())));
        }
        return new Response.Instances(out);
    }

    /** describe: each app with a selected instance, its definition (env values redacted unless asked) and history. */
    Response describe(String target, boolean showEnv) {
        List<Instance> selected = Targets.select(apps.instances(), target);
        if (selected.isEmpty() && !target.equals("all")) return notFound(target);
        List<AppDetail> out = new ArrayList<>();
        for (App app : apps.all()) {
            List<Instance> mine = app.instances.stream().filter(selected::contains).toList();
            if (mine.isEmpty()) continue;
            AppSpec spec = showEnv ? app.spec : Revision.redacted(app.spec);
            List<InstanceDetail> details = mine.stream().map(i -> new InstanceDetail(i.id,
                    i.state.nextRestartAt() == null ? null : i.state.nextRestartAt().toString(),
                    i.history.stream().map(h -> new TransitionRecord(h.at(), h.from(), h.to(), h.cause())).toList(),
                    i.statusText, i.messagesDropped, i.lastDropReason,
                    i.probes.stream().map(r -> new ProbeResult(r.at().toString(), r.passed(), r.latencyMs(), r.message())).toList())).toList();
            List<DependencyState> deps = gate.dependencies(app).stream().map(d -> new DependencyState(d.app(), d.condition(),
                    DependencyConditions.state(d).word())).toList();
            SavedRevision from = revisions.lastListing(app.owner, app.spec.namespace(), app.spec.name());
            out.add(new AppDetail(spec, app.command, snapshot(mine).instances(), details, deps,
                    from == null ? null : wire(from, false).withoutApps()));
        }
        return new Response.Describe(out);
    }

    /**
     * What apply plans against: every app with its owner, launch hash and instances, at the
     * current generation; and what drift is told from: each app's last apply and change by hand,
     * and the journal of removals.
     */
    Response observe() {
        List<ObservedApp> out = new ArrayList<>();
        for (App a : apps.all()) {
            out.add(new ObservedApp(a.spec, a.owner, a.launchHash(), snapshot(a.instances).instances(),
                    a.applied == null ? null : new LastApply(a.applied.file(), a.applied.instances(), a.applied.at()),
                    a.changed == null ? null : new LastChange(a.changed.command(), a.changed.user(), a.changed.at()),
                    erroredAt(a)));
        }
        List<RemovedApp> removed = apps.removed().stream()
                .map(r -> new RemovedApp(r.app(), r.file(), r.command(), r.user(), r.at())).toList();
        return new Response.Observed(apps.generation(), out, removed);
    }

    /** When the last of the app's errored instances became errored, as their history says (not kept across a daemon restart). */
    private static Instant erroredAt(App app) {
        Instant latest = null;
        for (Instance i : app.instances) {
            if (i.state.status() != Status.ERRORED) continue;
            for (HistoryEntry h : i.history) {
                if (!h.to().equals(Status.ERRORED.wire())) continue;
                Instant at = Instant.parse(h.at());
                if (latest == null || at.isAfter(latest)) latest = at;
            }
        }
        return latest;
    }

    /** A kept revision as the wire shows it; env values redacted unless {@code showEnv}. */
    static Revision wire(SavedRevision r, boolean showEnv) {
        GitCommit git = r.commit() == null ? null : new GitCommit(r.commit(), r.branch(), r.dirty(), r.remote());
        Revision out = new Revision(r.number(), r.file(), r.hash(), r.time(), r.user(), new RevisionSource(r.kind(), r.detail(), git),
                r.summary(), r.apps());
        return showEnv ? out : out.redacted();
    }

    /** The wire's name for a status: the daemon's own enum stays free of the wire. */
    static InstanceStatus wire(Status s) {
        return switch (s) {
            case LAUNCHING -> InstanceStatus.LAUNCHING;
            case ONLINE -> InstanceStatus.ONLINE;
            case STOPPING -> InstanceStatus.STOPPING;
            case STOPPED -> InstanceStatus.STOPPED;
            case WAITING_RESTART -> InstanceStatus.WAITING_RESTART;
            case WAITING -> InstanceStatus.WAITING;
            case ERRORED -> InstanceStatus.ERRORED;
        };
    }

    static Response notFound(String target) {
        return new Response.Failure(ErrorCode.NOT_FOUND, "no app, instance id or namespace matches '" + target + "' (see `jpm ls`)");
    }
}
