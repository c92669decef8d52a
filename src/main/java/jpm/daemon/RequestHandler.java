package jpm.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import jpm.daemon.Lifecycle.Event;
import jpm.home.JpmHome;
import jpm.logs.LogFiles;
import jpm.os.ProcFs;
import jpm.rpc.DaemonFigures;
import jpm.rpc.ErrorCode;
import jpm.rpc.Protocol;
import jpm.rpc.Request;
import jpm.rpc.Response;

/**
 * Where requests enter the daemon: each verb goes to the component that answers it. The one class
 * of the daemon core that speaks the wire's Request; the answers are the wire's Responses.
 */
final class RequestHandler {
    private final Apps apps;
    private final EventLoop loop;
    private final Views views;
    private final StartRequest starts;
    private final InstanceRequests instances;
    private final BatchExecutor batches;
    private final DumpRequests dumps;
    private final RevisionRequests revisions;
    private final Persistence persistence;
    private final Scanner scanner;
    private final LogFiles logFiles;
    private final Lifetime lifetime;
    private final JpmHome home;
    private final Instant startedAt;
    private final jpm.sync.SyncService sync;

    /** The daemon's own life: shutting down (kill) and handing over (update). */
    interface Lifetime {
        boolean shuttingDown();

        CompletableFuture<Response> stopEverything();

        Response handOver();

        String build();

        /** The URL the metrics listener serves, or null. */
        String metricsUrl();

        /** Why a metrics listener that was asked for does not serve, or null. */
        String metricsProblem();
    }

    RequestHandler(Apps apps, EventLoop loop, Views views, StartRequest starts, InstanceRequests instances, BatchExecutor batches,
                   DumpRequests dumps, RevisionRequests revisions, Persistence persistence, Scanner scanner, LogFiles logFiles, Lifetime lifetime, JpmHome home,
                   jpm.sync.SyncService sync) {
        this.apps = apps;
        this.loop = loop;
        this.views = views;
        this.starts = starts;
        this.instances = instances;
        this.batches = batches;
        this.dumps = dumps;
        this.revisions = revisions;
        this.persistence = persistence;
        this.scanner = scanner;
        this.logFiles = logFiles;
        this.lifetime = lifetime;
        this.home = home;
        this.sync = sync;
        this.startedAt = apps.clock().instant();
    }

    CompletableFuture<Response> handle(Request request) {
        if (lifetime.shuttingDown() && !(request instanceof Request.Ping) && !(request instanceof Request.ListInstances)
                && !(request instanceof Request.Metrics)) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down"));
        }
        CompletableFuture<Response> answer = dispatch(request);
        return changesState(request) ? answer.thenCompose(this::unlessUnsaved) : answer;
    }

    /** Whether a request may change what state.json holds (then a failed save is reported). Exhaustive on purpose. */
    static boolean changesState(Request request) {
        return switch (request) {
            case Request.Start s -> true;
            case Request.StartKnown s -> true;
            case Request.Stop s -> true;
            case Request.Restart r -> true;
            case Request.Reload r -> true;
            case Request.Delete d -> true;
            case Request.Reset r -> true;
            case Request.Resurrect r -> true;
            case Request.Execute e -> true;
            case Request.Hello h -> false;
            case Request.Ping p -> false;
            case Request.ListInstances l -> false;
            case Request.Metrics m -> false;
            case Request.Subscribe sub -> false;
            case Request.Describe d -> false;
            case Request.Kill k -> false;
            case Request.Update u -> false;
            case Request.Flush fl -> false;
            case Request.ReloadLogs rl -> false;
            case Request.Observe o -> false;
            case Request.SendSignal sig -> false;
            case Request.Send sd -> false;
            case Request.Save sv -> false;
            case Request.History hi -> false;
            // the sync's own file is sync/sources.json; its applies are execute requests of their own
            case Request.SyncAdd sa -> false;
            case Request.SyncList sl -> false;
            case Request.SyncRemove sr -> false;
            case Request.SyncNow sn -> false;
        };
    }

    /**
     * A change the daemon made but could not write to state.json (disk full) is reported as a
     * failure: the apps run, but a crash now would lose track of them. Checked in a task queued
     * after the one that answered, which writes what is not written yet (writes are paced).
     */
    private CompletableFuture<Response> unlessUnsaved(Response r) {
        if (r instanceof Response.Failure) return CompletableFuture.completedFuture(r);
        return loop.call(() -> {
            persistence.flush(); // the client hears of the change once it is on disk
            return persistence.failure() == null ? r : new Response.Failure(ErrorCode.STATE_NOT_SAVED,
                "the change is made, but the daemon could not save it to " + home.stateFile() + ": " + persistence.failure()
                        + ". The previous state file is intact; until the disk has room, a daemon crash would lose"
                        + " track of this change (the daemon retries every " + Scanner.SCAN_EVERY.toSeconds() + " s)");
        });
    }

    private CompletableFuture<Response> dispatch(Request request) {
        return switch (request) {
            case Request.Hello h -> CompletableFuture.completedFuture(
                    new Response.Failure(ErrorCode.BAD_REQUEST, "hello is only valid as the first frame"));
            case Request.Ping p -> loop.call(this::pong);
            case Request.Start s -> starts.start(s.spec());
            case Request.StartKnown s -> instances.act(s.target(), new Event.Start("user: jpm start"),
                    st -> st != Status.STOPPING && st != Status.LAUNCHING, "jpm start");
            case Request.Stop s -> instances.stop(s.target());
            case Request.Restart r -> instances.act(r.target(), new Event.RestartRequested("user: jpm restart"),
                    st -> st != Status.STOPPING && st != Status.LAUNCHING);
            case Request.Reload r -> instances.reload(r.target());
            case Request.Delete d -> instances.delete(d.target());
            case Request.ListInstances l -> loop.call(() -> {
                scanner.freshen();
                return views.snapshot(apps.instances());
            });
            case Request.Metrics m -> loop.call(() -> {
                scanner.freshen();
                return new Response.Metrics(figures(), views.snapshot(apps.instances()).instances());
            });
            case Request.Describe d -> loop.call(() -> {
                scanner.freshen();
                return views.describe(d.target(), d.showEnv());
            });
            case Request.Kill k -> lifetime.stopEverything();
            case Request.Update u -> loop.call(lifetime::handOver);
            case Request.Flush fl -> instances.flush(fl.target());
            case Request.ReloadLogs rl -> loop.call(() -> new Response.Done("reopened " + logFiles.reopenAll()
                    + " log file(s) the daemon writes (files of direct-mode apps are the apps' own: restart them to reopen)"));
            case Request.Observe o -> loop.call(views::observe);
            // a subscription is a stream, which the socket server opens through Supervisor.openStream
            case Request.Subscribe sub -> CompletableFuture.completedFuture(
                    new Response.Failure(ErrorCode.BAD_REQUEST, "subscribe opens a stream; it is not a request with one answer"));
            case Request.SendSignal sig -> instances.sendSignal(sig.signal(), sig.target());
            case Request.Send sd -> instances.send(sd.target(), sd.message());
            case Request.Reset r -> instances.reset(r.target());
            case Request.Save sv -> loop.call(dumps::save);
            case Request.Resurrect rs -> dumps.resurrect();
            case Request.Execute ex -> batches.execute(ex);
            case Request.History hi -> revisions.history(hi);
            case Request.SyncAdd sa -> sync.add(sa);
            case Request.SyncList sl -> CompletableFuture.completedFuture(new Response.SyncSources(sync.list()));
            case Request.SyncRemove sr -> sync.remove(sr.name());
            case Request.SyncNow sn -> sync.now(sn.name(), sn.retry());
        };
    }

    /** The daemon's own figures; its memory and CPU time from /proc (one small read). */
    private DaemonFigures figures() {
        long pid = ProcessHandle.current().pid();
        ProcFs.Stat self = ProcFs.stat(pid).orElse(null);
        return new DaemonFigures(pid, Protocol.JPM_VERSION, Duration.between(startedAt, apps.clock().instant()).toMillis(),
                apps.size(), apps.instanceCount(), self == null ? 0 : self.rssBytes(),
                self == null ? 0 : self.cpuTicks() * 1000 / ProcFs.TICKS_PER_SECOND, scanner.lastScanMicros(),
                lifetime.metricsUrl(), lifetime.metricsProblem());
    }

    private Response pong() {
        return new Response.Pong(ProcessHandle.current().pid(), Duration.between(startedAt, apps.clock().instant()).toMillis(),
                Protocol.JPM_VERSION, apps.size(), apps.instanceCount(), scanner.lastScanMicros(), lifetime.build());
    }
}
