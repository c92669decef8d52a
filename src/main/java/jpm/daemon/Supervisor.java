package jpm.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.ecosystem.CommandResolver;
import jpm.home.JpmHome;
import jpm.logs.LogFiles;
import jpm.logs.LogPump;
import jpm.os.ExitWatcher;
import jpm.rpc.ErrorCode;
import jpm.rpc.FrameQueue;
import jpm.rpc.Request;
import jpm.rpc.Response;

/**
 * The daemon's core, assembled: one loop that owns every app and instance ({@link EventLoop},
 * {@link Apps}), the driver of each instance's state machine ({@link Transitions}), the event bus
 * its transitions are published on ({@link EventBus}), and one component per concern, each
 * subscribed to the bus or called by the {@link RequestHandler} (docs/architecture.md has the map).
 * This class only wires them and carries the daemon's own life: start, restore, kill, update.
 */
public final class Supervisor {
    /** systemd sets INVOCATION_ID for every service process: then systemd, not the CLI, starts a successor. */
    static final boolean RUNS_UNDER_SYSTEMD = System.getenv("INVOCATION_ID") != null;
    /** The jar (a private copy named by content) or directory this daemon's code comes from. */
    private static final String BUILD = buildName();

    private final JpmHome home;
    private final Consumer<String> log;
    private final Apps apps;
    private final EventLoop loop;
    private final ExitWatcher exits;
    /** Reaps the other children: orphans re-parented to the daemon, pipe holders. */
    private final ChildReaper children;
    private final ClusterSockets cluster;
    private final LogFiles logFiles;
    private final Launcher launcher;
    private final TreeTracker trees;
    private final Transitions transitions;
    private final DependencyGate gate;
    private final Persistence persistence;
    private final Scanner scanner;
    private final ScheduledExecutorService timers;
    private final HealthProbes health;
    private final Restorer restorer;
    private final InstanceRequests instances;
    private final RequestHandler requests;
    private final EventStreams streams;
    private final EventBus bus;
    /** The sources of jpm sync, followed on a thread of their own as a client of the daemon's socket. */
    private final jpm.sync.SyncService sync;
    private volatile boolean shuttingDown;
    /** The metrics listener's URL, or why it does not serve (docs/metrics.md); both null without one. */
    private volatile String metricsUrl;
    private volatile String metricsProblem;

    public Supervisor(JpmHome home, Spawner spawner, Map<String, String> daemonEnv, Clock clock, Consumer<String> log) {
        this.home = home;
        this.log = log;
        this.apps = new Apps(clock);
        this.loop = new EventLoop(log, this::afterTask);
        try {
            this.exits = ExitWatcher.start("jpm-exits", log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("jpm-timers").daemon().unstarted(r));
        // a cancelled timeout (a health probe's, every probe) leaves the queue at once, rather than wake the thread at its time
        timers.setRemoveOnCancelPolicy(true);
        this.timers = timers;
        Consumer<Runnable> post = loop::post;
        Fire fire = this::fire;
        this.bus = new EventBus();
        this.children = new ChildReaper(post, timers, exits::reapsChild);
        this.cluster = new ClusterSockets(home, log, datagram -> post.accept(() -> notified(datagram)));
        CommandResolver resolver = new CommandResolver(daemonEnv.get("PATH"));
        LogPaths logs = spawner.logs();
        this.logFiles = new LogFiles(log);
        this.launcher = new Launcher(home, spawner, logFiles, exits, children, cluster, ChildEnv.inherited(daemonEnv), fire, post,
                clock, new MessagesFromApps(bus, clock, log), new OutboxRetry(timers, post), log);
        this.trees = new TreeTracker(apps, home, children, timers, post, fire);
        this.gate = new DependencyGate(apps, bus, loop, fire);
        this.transitions = new Transitions(apps, bus, new Processes(), timers, post, log, gate::waitsFor);
        // subscribers, in the order they hear each event: the state file, request waiters, cluster slots
        this.persistence = new Persistence(apps, home, bus, timers, post, log);
        bus.subscribe((event, app, instance) -> loop.changed());
        bus.subscribe((event, app, instance) -> {
            if (instance != null && (event instanceof DaemonEvent.Stopped || event instanceof DaemonEvent.Errored)) {
                releaseSlotIfIdle(instance);
            }
        });
        AppChanges changes = new AppChanges(apps, logs, bus, fire, log);
        new Triggers(apps, home, logs, bus, fire, post, log);
        HookLimits.Read hookLimits = HookLimits.from(daemonEnv);
        hookLimits.warnings().forEach(w -> log.accept("warning: " + w));
        new HookRunner(hookLimits.limits(), spawner, exits, bus, timers, post, daemonEnv, home.dir().toString(), log);
        this.health = new HealthProbes(apps, bus, fire, spawner, exits, timers, post, daemonEnv, home.dir().toString(), log);
        this.scanner = new Scanner(apps, trees, exits, new DirectLogRotation(log), bus, fire, timers, post,
                () -> persistence.failure() != null, persistence::retry);
        this.streams = new EventStreams(apps, bus);
        RollingReplacement rolling = new RollingReplacement(apps, changes, loop, bus, logs, fire, log);
        new DependentRestarts(apps, gate, bus, loop, fire, rolling::replaces);
        RevisionStore revisions = new RevisionStore(home.revisionsDir(),
                jpm.daemon.state.RevisionHistory.keep(daemonEnv.get("JPM_REVISIONS_KEEP")), log);
        Views views = new Views(apps, gate, revisions);
        // the socket admits only the daemon's own user (RpcServer checks the peer's uid): every request is its
        ChangeTrail trail = new ChangeTrail(apps, System.getProperty("user.name"));
        this.instances = new InstanceRequests(apps, loop, bus, views, changes, rolling, logs, logFiles, fire, trail, log);
        this.sync = new jpm.sync.SyncService(home, clock, new SyncEvents(loop, bus, clock), log);
        this.restorer = new Restorer(apps, resolver, launcher, trees, bus, fire, timers, home.stateFile().toString(), log);
        this.requests = new RequestHandler(apps, loop, views, new StartRequest(apps, loop, resolver, logs, changes, views, trail),
                instances, new BatchExecutor(apps, loop, resolver, logs, changes, rolling, launcher, fire, revisions, trail, log),
                new DumpRequests(apps, loop, persistence, resolver, logs, changes, home), new RevisionRequests(loop, revisions), persistence, scanner, logFiles,
                new Life(), home, sync);
    }

    public void start() {
        loop.start("jpm-supervisor");
        if (!children.onChildSignal()) log.accept("warning: no SIGCHLD handler: orphans re-parented to the daemon are reaped by the /proc scan only");
        scanner.schedule();
        HeapTrim.ofThisJvm().schedule(timers);
    }

    /** Starts following the sync sources (sources.json); once the socket serves, as each look applies through it. */
    public void startSync() {
        sync.start();
    }

    /** Subscribes to the event bus; before {@link #start}, as subscribers run on the loop. */
    void subscribe(EventBus.Subscriber s) {
        bus.subscribe(s);
    }

    public CompletableFuture<Response> handle(Request request) {
        return requests.handle(request);
    }

    /** Opens a client's subscription to the daemon's events: {@link Response.Subscribed}, or a failure. */
    public CompletableFuture<Response> openStream(Request.Subscribe request, FrameQueue queue) {
        return loop.call(() -> streams.open(request, queue));
    }

    /** What the daemon's metrics listener serves, or why it does not: reported by the metrics request. */
    public void metricsListener(String url, String problem) {
        metricsUrl = url;
        metricsProblem = problem;
    }

    /** Stops every instance; the future completes when no process of any app is left. */
    public CompletableFuture<Response> stopEverything() {
        shuttingDown = true;
        sync.close(); // no look starts an app again while they stop
        persistence.freeze();
        // kill (or SIGTERM) means "stop everything": the next daemon starts empty, as with PM2
        return instances.stopEverything(persistence::clear);
    }

    /** What state.json holds, for {@link #restore}; a file of a newer format is refused (the daemon must not start). */
    public SavedState loadState() throws NewerFormatException {
        return persistence.load();
    }

    /** Whether state.json (or its backup) exists: false on a fresh start, after a boot or a deliberate stop. */
    public boolean hasSavedState() {
        return persistence.exists();
    }

    /** Rebuilds the apps of a daemon that died, before serving (see {@link Restorer}). */
    public void restore(SavedState saved) {
        restorer.restore(saved);
        health.adopted(apps.instances());
        // instances restored before the apps they depend on waited for them: the loop's first task checks them
        loop.post(gate::checkAll);
        // adopted processes got NOTIFY_SOCKET from the daemon before: this one listens there too
        if (!apps.instances().isEmpty()) cluster.listenForNotifications();
    }

    /**
     * Stops reaping this JVM's children. The daemon's process ends with its supervisor; a
     * supervisor run inside a JVM that goes on (tests) must not take other code's children.
     */
    void close() {
        children.close();
    }

    /** Writes out the log buffers of piped apps; the daemon calls it on its way out. */
    public void flushLogs() {
        LogPump.stopReading(1000); // the next daemon reopens the pipes of piped apps and reads on
        logFiles.flushAll();
    }

    /** After every task of the loop (and its waiters): the next task scans afresh; state.json is saved if it changed. */
    private void afterTask() {
        trees.endOfTask();
        persistence.endOfTask();
    }

    private void fire(Instance inst, Event event) {
        transitions.fire(inst, event);
    }

    private void notified(jpm.os.Sockets.Datagram datagram) {
        launcher.notified(apps.instances(), datagram);
    }

    /** Closes a cluster slot's socket once no instance of that slot may run (see ClusterSockets.closeSlot). */
    private void releaseSlotIfIdle(Instance inst) {
        // not only when the app shares sockets now: a redefined app's old processes may hold some
        List<Instance> all = new ArrayList<>(inst.app.instances);
        all.addAll(apps.retiring());
        boolean used = all.stream().anyMatch(i -> i != inst && i.app == inst.app && i.index == inst.index && !i.state.status().settledDown());
        if (!used) cluster.closeSlot(inst.app.spec.id(), inst.index);
    }

    /** The effects of the state machine on processes: spawning by the launcher, signals and group watches by the tree tracker. */
    private final class Processes implements ProcessControl {
        @Override
        public void spawn(Instance inst) {
            launcher.spawn(inst);
        }

        @Override
        public void signalTree(Instance inst, String signal) {
            trees.signalTree(inst, signal);
        }

        @Override
        public void drain(Instance inst) {
            if (!launcher.drainOverIpc(inst)) trees.signalTree(inst, inst.app.spec.supervision().stop().stopSignal());
        }

        @Override
        public void awaitGroupGone(Instance inst) {
            trees.awaitGroupGone(inst);
        }
    }

    /** The daemon's own life, for the request handler. */
    private final class Life implements RequestHandler.Lifetime {
        @Override
        public boolean shuttingDown() {
            return shuttingDown;
        }

        @Override
        public CompletableFuture<Response> stopEverything() {
            return Supervisor.this.stopEverything();
        }

        /**
         * {@code jpm update}: writes the state now and refuses every later change, so what the next
         * daemon reads is exactly what this one leaves running. If the state cannot be written the
         * update is refused and this daemon carries on.
         */
        @Override
        public Response handOver() {
            persistence.save();
            if (persistence.failure() != null) {
                return new Response.Failure(ErrorCode.STATE_NOT_SAVED, "not updating: the daemon cannot save its state to "
                        + home.stateFile() + " (" + persistence.failure() + "), and a new daemon would not find the apps");
            }
            shuttingDown = true;
            sync.close(); // the next daemon follows the sources on
            persistence.freeze();
            log.accept("handing over to a new daemon: " + apps.size() + " app(s), " + apps.instanceCount() + " instance(s) left running");
            return new Response.HandedOver(trees.daemonPid(), apps.instanceCount(), RUNS_UNDER_SYSTEMD);
        }

        @Override
        public String build() {
            return BUILD;
        }

        @Override
        public String metricsUrl() {
            return metricsUrl;
        }

        @Override
        public String metricsProblem() {
            return metricsProblem;
        }
    }

    private static String buildName() {
        try {
            Path p = Path.of(Supervisor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getFileName().toString();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
