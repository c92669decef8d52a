package jpm.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.home.JpmHome;
import jpm.logs.LineFormat;
import jpm.logs.LogFile;
import jpm.logs.LogFiles;
import jpm.logs.LogPump;
import jpm.logs.Rotation;
import jpm.logs.RotationPolicy;
import jpm.ecosystem.DateFormats;
import jpm.os.ExitWatcher;
import jpm.os.ProcFs;
import jpm.os.Reaper;
import jpm.os.Signals;
import jpm.rpc.AppDetail;
import jpm.rpc.Change;
import jpm.rpc.ObservedApp;
import jpm.rpc.ErrorCode;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Protocol;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.ecosystem.AppName;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.CronSchedule;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import jpm.ecosystem.SpecException;

/**
 * The event loop that owns every app and instance. Requests, process exits and timers only post
 * tasks to its queue; one thread runs them in order, so no state is shared between threads.
 * Each instance's decisions come from the pure {@link Lifecycle}; this class carries out the
 * effects (spawn, signal, timers, group watch) and answers requests once their condition holds.
 */
public final class Supervisor {
    /** How often the process groups of stopping instances are checked for live members. */
    static final Duration GROUP_POLL = Duration.ofMillis(20);
    /** Variables a child inherits from the daemon's own environment; everything else comes from its spec. */
    static final List<String> INHERITED_ENV =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

    private final EventLoop loop;
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Set<Instance> watchedGroups = new HashSet<>();
    /** Instances removed from their app (scale down, remove) whose processes are still stopping. */
    private final Set<Instance> retiring = new HashSet<>();
    /**
     * Processes of adopted instances that had left their tree (setsid, double fork) and were
     * re-parented away when the previous daemon died: pid → (instance id, start time). Found by
     * tag at restore; treated as extra roots of the instance's tree while they live.
     */
    private final Map<Long, long[]> adoptedEscapers = new java.util.HashMap<>();
    private final ScheduledExecutorService timers;
    private final Spawner spawner;
    /** Notices the end of every process the daemon watches, in one thread (and reaps its children). */
    private final ExitWatcher exits;
    /** Reaps the other children: orphans re-parented to the daemon, pipe holders. */
    private final ChildReaper children;
    /** Cluster mode's listening sockets, held for the apps' lives, and their readiness channels. */
    private final ClusterSockets cluster;
    private final CommandResolver resolver;
    private final LogPaths logs;
    /** The log files this daemon writes itself (piped mode), shared by path. */
    private final LogFiles logFiles;
    /** Direct-mode files being copied aside right now (rotation runs off the loop). */
    private final Set<Path> rotating = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> baseEnv;
    private final JpmHome home;
    private final Clock clock;
    private final Consumer<String> log;
    private final long daemonPid = ProcessHandle.current().pid();
    private final FileWatcher watcher;
    private final CronScheduler cron = new CronScheduler();
    /** How often the process trees are scanned for metrics, memory limits and adopted zombies. */
    static final Duration SCAN_EVERY = Duration.ofSeconds(2);
    /**
     * The scan's period while nothing needs the 2 s one (no max_memory_restart, no log_max_size,
     * no adopted escapers, state.json saved): it then only reaps adopted zombies
     * and keeps CPU% an average over at most a minute. ls, jlist and describe scan first when the
     * last scan is older than {@link #SCAN_EVERY} ({@link #freshMetrics}), so their figures stay
     * current, and an idle daemon with 100 apps does next to nothing (docs/performance.md).
     */
    static final Duration SCAN_EVERY_QUIET = Duration.ofSeconds(60);
    /** How long a process found running without a record gets between SIGTERM and SIGKILL. */
    static final Duration UNRECORDED_KILL_AFTER = Duration.ofSeconds(3);
    private final Instant startedAt;
    private long nextId;
    private long lastScanMicros;
    /** System.nanoTime() when the last scan began. */
    private long lastScanNanos = System.nanoTime();
    /** The /proc scan of the current loop task, if one was made (see {@link #scanTrees()}). */
    private Map<Long, Set<Long>> treesThisTask;
    private final StateStore store;
    private final StateStore dumpStore;
    /** Why the last write of state.json failed (disk full, ...), or null: mutating commands report it. */
    private String persistFailure;
    /** Set by anything that changes what state.json holds; written after the loop task. */
    private boolean dirty;
    /** Bumped on every change of desired state; apply executes its plan only at the generation it planned on. */
    private long generation;
    private boolean groupPollScheduled;
    /** A pollGroups task is in the queue (for groups that just started to be watched). */
    private boolean groupPollPosted;
    private volatile boolean shuttingDown;
    /** systemd sets INVOCATION_ID for every service process: then systemd, not the CLI, starts a successor. */
    static final boolean RUNS_UNDER_SYSTEMD = System.getenv("INVOCATION_ID") != null;
    /** The jar (a private copy named by content) or directory this daemon's code comes from. */
    private static final String BUILD = buildName();

    private record Waiter(BooleanSupplier done, Runnable complete) {}

    public Supervisor(JpmHome home, Spawner spawner, Map<String, String> daemonEnv, Clock clock, Consumer<String> log) {
        this.home = home;
        this.spawner = spawner;
        this.loop = new EventLoop(log, this::afterTask);
        try {
            this.exits = ExitWatcher.start("jpm-exits", log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.children = new ChildReaper(this::post, exits::reapsChild);
        this.cluster = new ClusterSockets(home, log, (pid, text) -> post(() -> notified(pid, text)));
        this.resolver = new CommandResolver(daemonEnv.get("PATH"));
        this.logs = spawner.logs();
        this.logFiles = new LogFiles(log);
        Map<String, String> base = new TreeMap<>();
        for (String k : INHERITED_ENV) {
            if (daemonEnv.containsKey(k)) base.put(k, daemonEnv.get(k));
        }
        this.baseEnv = Map.copyOf(base);
        this.clock = clock;
        this.log = log;
        this.startedAt = clock.instant();
        this.watcher = new FileWatcher(log);
        this.store = new StateStore(home.stateFile(), CrashPoint.MID_STATE_WRITE, log);
        this.dumpStore = new StateStore(home.dumpFile(), CrashPoint.MID_DUMP_WRITE, log);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("jpm-timers").daemon().unstarted(r));
    }

    public void start() {
        loop.start("jpm-supervisor");
        if (!children.onChildSignal()) log.accept("warning: no SIGCHLD handler: orphans re-parented to the daemon are reaped by the /proc scan only");
        scheduleScans();
    }

    private void post(Runnable task) {
        loop.post(task);
    }

    private void postFor(CompletableFuture<Response> f, Runnable body) {
        loop.postFor(f, body);
    }

    private <T> CompletableFuture<T> call(Supplier<T> body) {
        return loop.call(body);
    }

    /** After every task of the loop: answer the requests whose condition now holds, save state.json if it changed. */
    private void afterTask() {
        checkWaiters();
        treesThisTask = null;
        if (dirty) persist();
    }

    /** Completes the future with {@code answer} once {@code done} holds (checked after every task). */
    private void when(BooleanSupplier done, CompletableFuture<Response> f, Supplier<Response> answer) {
        waiters.add(new Waiter(done, () -> {
            try {
                f.complete(answer.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
                if (t instanceof Error e) throw e; // for the loop's log
            }
        }));
    }

    private void checkWaiters() {
        retiring.removeIf(i -> i.state.status().settledDown());
        // a completion may add waiters (a rolling reload's next step): run until none is due
        boolean ran = true;
        while (ran) {
            ran = false;
            for (Waiter w : List.copyOf(waiters)) {
                if (w.done().getAsBoolean() && waiters.remove(w)) {
                    w.complete().run();
                    ran = true;
                }
            }
        }
    }

    // ---- requests -------------------------------------------------------------------------

    public CompletableFuture<Response> handle(Request request) {
        if (shuttingDown && !(request instanceof Request.Ping) && !(request instanceof Request.ListInstances)) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down"));
        }
        CompletableFuture<Response> answer = dispatch(request);
        boolean changesState = switch (request) {
            case Request.Start s -> true;
            case Request.StartKnown s -> true;
            case Request.Stop s -> true;
            case Request.Restart r -> true;
            case Request.Reload r -> true;
            case Request.Delete d -> true;
            case Request.Reset r -> true;
            case Request.Resurrect r -> true;
            case Request.Execute e -> true;
            default -> false;
        };
        return changesState ? answer.thenCompose(this::unlessUnsaved) : answer;
    }

    /**
     * A change the daemon made but could not write to state.json (disk full) is reported as a
     * failure: the apps run, but a crash now would lose track of them. Checked in a task queued
     * after the one that answered, which has persisted by then.
     */
    private CompletableFuture<Response> unlessUnsaved(Response r) {
        if (r instanceof Response.Failure) return CompletableFuture.completedFuture(r);
        return call(() -> persistFailure == null ? r : new Response.Failure(ErrorCode.STATE_NOT_SAVED,
                "the change is made, but the daemon could not save it to " + home.stateFile() + ": " + persistFailure
                        + ". The previous state file is intact; until the disk has room, a daemon crash would lose"
                        + " track of this change (the daemon retries every " + SCAN_EVERY.toSeconds() + " s)"));
    }

    private CompletableFuture<Response> dispatch(Request request) {
        return switch (request) {
            case Request.Hello h -> CompletableFuture.completedFuture(
                    new Response.Failure(ErrorCode.BAD_REQUEST, "hello is only valid as the first frame"));
            case Request.Ping p -> call(this::pong);
            case Request.Start s -> start(s.spec());
            case Request.StartKnown s -> act(s.target(), new Event.Start("user: jpm start"),
                    st -> st != Status.STOPPING && st != Status.LAUNCHING);
            case Request.Stop s -> act(s.target(), new Event.StopRequested("user: jpm stop"), Status::settledDown);
            case Request.Restart r -> act(r.target(), new Event.RestartRequested("user: jpm restart"),
                    st -> st != Status.STOPPING && st != Status.LAUNCHING);
            case Request.Reload r -> reload(r.target());
            case Request.Delete d -> delete(d.target());
            case Request.ListInstances l -> call(() -> {
                freshMetrics();
                return snapshot(allInstances());
            });
            case Request.Describe d -> call(() -> {
                freshMetrics();
                return describe(d.target(), d.showEnv());
            }).thenApply(this::describeWithUsage);
            case Request.Kill k -> stopEverything();
            case Request.Update u -> call(this::handOver);
            case Request.Flush fl -> flush(fl.target());
            case Request.ReloadLogs rl -> call(() -> new Response.Done("reopened " + logFiles.reopenAll()
                    + " log file(s) the daemon writes (files of direct-mode apps are the apps' own: restart them to reopen)"));
            case Request.Observe o -> call(this::observe);
            case Request.SendSignal sig -> sendSignal(sig.signal(), sig.target());
            case Request.Reset r -> actNow(r.target(), i -> i.state = i.state.resetCounters());
            case Request.Save sv -> call(this::saveDump);
            case Request.Resurrect rs -> resurrect();
            case Request.Execute ex -> execute(ex);
        };
    }

    private Response pong() {
        int instances = apps.values().stream().mapToInt(a -> a.instances.size()).sum();
        return new Response.Pong(ProcessHandle.current().pid(), Duration.between(startedAt, clock.instant()).toMillis(),
                Protocol.JPM_VERSION, apps.size(), instances, lastScanMicros, BUILD);
    }

    private CompletableFuture<Response> start(AppSpec spec) {
        List<String> command;
        try {
            command = resolver.resolve(spec); // file checks off the loop: they may touch slow disks
            // an unknown user, one this daemon cannot switch to, a log path through a stranger's link: refused now
            logs.checkLinks(spec, RunAsShim.planFor(spec).uid());
        } catch (SpecException e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.INVALID_SPEC, e.getMessage()));
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            App existing = apps.get(App.key(spec.namespace(), spec.name()));
            Response refused = existing != null && existing.owner != null
                    ? new Response.Failure(ErrorCode.CONFLICT, spec.id() + " belongs to " + existing.owner + ": change it there and"
                            + " `jpm apply` that file, or give `jpm start --take-over` to replace it with this command's definition")
                    : refuseCreate(spec, Set.of());
            if (refused != null) {
                f.complete(refused);
                return;
            }
            try {
                LogDirs.ensure(logs.dirFor(spec.namespace()));
            } catch (IOException e) {
                f.complete(new Response.Failure(ErrorCode.INTERNAL, "app '" + spec.name() + "': " + e.getMessage() + "; nothing was started"));
                return;
            }
            App app = create(spec, command, null);
            List<Instance> failed = app.instances.stream().filter(i -> i.state.status() == Status.ERRORED).toList();
            if (!failed.isEmpty() && failed.size() == app.instances.size()) {
                // nothing could run (a #! line naming a missing interpreter, ...): refused like a missing script
                forget(app);
                f.complete(new Response.Failure(ErrorCode.INVALID_SPEC, "app '" + spec.name() + "': "
                        + failed.getFirst().state.reason() + "; nothing was started"));
                return;
            }
            generation++;
            dirty = true;
            f.complete(failed.isEmpty() ? snapshot(app.instances) : new Response.Failure(ErrorCode.INTERNAL, "app '" + spec.name()
                    + "': " + failed.size() + " of " + app.instances.size() + " instances did not start (" + failed.getFirst().state.reason()
                    + "); the others run: `jpm restart " + spec.name() + "` tries again"));
        });
        return f;
    }

    /** Why an app cannot be created next to the current ones (and those of the same batch), or null. */
    private Response refuseCreate(AppSpec spec, Set<String> alsoCreated) {
        String key = App.key(spec.namespace(), spec.name());
        if (apps.containsKey(key) || alsoCreated.contains(key)) {
            return new Response.Failure(ErrorCode.ALREADY_EXISTS, "app '" + spec.name() + "' already exists in namespace '"
                    + spec.namespace() + "': use `jpm restart " + spec.name() + "`, or `jpm delete` it first");
        }
        for (App other : apps.values()) {
            if (other.spec.namespace().equals(spec.namespace())
                    && AppName.fileStem(other.spec.name()).equals(AppName.fileStem(spec.name()))) {
                return new Response.Failure(ErrorCode.ALREADY_EXISTS, "app '" + spec.name() + "' would share log files with app '"
                        + other.spec.name() + "' (both are written as '" + AppName.fileStem(spec.name()) + "'): rename one");
            }
        }
        return null;
    }

    /** Creates an app and starts its instances; its log directory exists already ({@link LogDirs#ensure}). */
    private App create(AppSpec spec, List<String> command, String owner) {
        App app = new App(spec, command, owner);
        apps.put(app.key(), app);
        rewatch(app);
        reschedule(app);
        log.accept("start " + spec.id() + " x" + spec.instances() + (owner != null ? " (from " + owner + ")" : "") + ": " + command);
        resize(app, spec.instances(), owner == null ? "user: jpm start" : "apply: new app");
        return app;
    }

    /** Drops an app none of whose instances has a process (all failed to spawn). */
    private void forget(App app) {
        apps.remove(app.key());
        watcher.unwatch(app.key());
        cron.unschedule(app.key());
        log.accept("forget " + app.spec.id() + ": no instance could start");
    }

    /**
     * Brings an app to {@code n} instances: new ones take the lowest free indices and start;
     * surplus ones (highest indices first) stop and retire. Existing instances are not touched.
     */
    private void resize(App app, int n, String cause) {
        app.instances.sort(java.util.Comparator.comparingInt(i -> i.index));
        while (app.instances.size() > n) {
            Instance surplus = app.instances.removeLast();
            retire(surplus, cause);
        }
        Set<Integer> used = new HashSet<>();
        for (Instance i : app.instances) used.add(i.index);
        List<Instance> added = new ArrayList<>();
        for (int index = 0; app.instances.size() < n; index++) {
            if (used.contains(index)) continue;
            Instance inst = new Instance(nextId++, app, index, logs.out(app.spec, index), logs.err(app.spec, index));
            app.instances.add(inst);
            added.add(inst);
        }
        app.instances.sort(java.util.Comparator.comparingInt(i -> i.index));
        for (Instance inst : added) fire(inst, new Event.Start(cause));
    }

    /** Stops an instance that no longer belongs to any app; it is forgotten once its processes are gone. */
    private void retire(Instance inst, String cause) {
        retiring.add(inst);
        fire(inst, new Event.StopRequested(cause));
    }

    private CompletableFuture<Response> execute(Request.Execute ex) {
        // Resolve every new command line first, off the loop; any mistake refuses the whole batch.
        Map<Change, List<String>> commands = new java.util.IdentityHashMap<>();
        for (Change c : ex.changes()) {
            AppSpec spec = switch (c) {
                case Change.Create cr -> cr.spec();
                case Change.Replace r -> r.spec();
                default -> null;
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
        postFor(f, () -> {
            applyRollings = new ArrayList<>();
            Response r = executeOnLoop(ex, commands);
            List<CompletableFuture<Response>> rollings = applyRollings;
            applyRollings = null;
            if (rollings.isEmpty() || r instanceof Response.Failure) {
                f.complete(r);
                return;
            }
            // cluster apps roll one instance at a time: apply answers once they all are through
            CompletableFuture.allOf(rollings.toArray(CompletableFuture[]::new)).thenRun(() -> {
                List<String> failed = rollings.stream().map(CompletableFuture::join).filter(x -> x instanceof Response.Failure)
                        .map(x -> ((Response.Failure) x).message()).toList();
                f.complete(failed.isEmpty() ? r : new Response.Failure(ErrorCode.NOT_READY, String.join("\n", failed)
                        + "\nThe app keeps its previous definition, so the next apply tries again."));
            });
        });
        return f;
    }

    /** The rolling replacements started by the apply being executed (collected by {@link #execute}). */
    private List<CompletableFuture<Response>> applyRollings;

    private Response executeOnLoop(Request.Execute ex, Map<Change, List<String>> commands) {
        if (ex.expectedGeneration() != generation) {
            return new Response.Failure(ErrorCode.CONFLICT, "the daemon's apps changed since the plan was made (another apply or"
                    + " command came first): nothing was changed; run the command again");
        }
        Set<String> created = new HashSet<>();
        for (Change c : ex.changes()) {
            Response refused = switch (c) {
                case Change.Create cr -> refuseCreate(cr.spec(), created);
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
        for (Change c : ex.changes()) {
            switch (c) {
                case Change.Create cr -> create(cr.spec(), commands.get(c), cr.owner());
                case Change.Replace r -> {
                    App app = apps.get(App.key(r.spec().namespace(), r.spec().name()));
                    AppSpec previous = app.spec;
                    List<String> previousCommand = app.command;
                    app.redefine(r.spec(), commands.get(c));
                    app.owner = r.owner();
                    rewatch(app);
                    reschedule(app);
                    log.accept("replace " + r.spec().id() + ": " + app.command);
                    List<Instance> kept = List.copyOf(app.instances);
                    if (app.sharesSockets()) {
                        // cluster mode: a rolling replacement on the shared sockets, no request refused
                        resize(app, r.spec().instances(), "apply: scale");
                        CompletableFuture<Response> rolled = new CompletableFuture<>();
                        applyRollings.add(rolled);
                        new Rolling(kept.stream().filter(app.instances::contains).toList(), "apply: launch changed", rolled).next();
                        rolled.thenAccept(result -> {
                            // not rolled through: the definition stays the one that runs, so a later apply retries
                            if (result instanceof Response.Failure && apps.get(app.key()) == app) {
                                app.redefine(previous.withInstances(app.spec.instances()), previousCommand);
                                generation++;
                                dirty = true;
                            }
                        });
                    } else {
                        for (Instance i : kept) {
                            if (i.index < r.spec().instances()) fire(i, new Event.RestartRequested("apply: launch changed"));
                        }
                        resize(app, r.spec().instances(), "apply: scale");
                    }
                }
                case Change.Update u -> {
                    App app = apps.get(App.key(u.spec().namespace(), u.spec().name()));
                    app.redefine(u.spec(), app.command);
                    app.owner = u.owner();
                    rewatch(app);
                    reschedule(app);
                    log.accept("update " + u.spec().id() + " live: " + u.spec().supervision());
                    for (Instance i : app.instances) {
                        for (Path path : new Path[] {i.outLog, i.errLog}) logFiles.policy(path, rotationOf(u.spec()));
                        Path combined = logs.combined(u.spec(), i.index);
                        if (combined != null) logFiles.policy(canonicalOrAsIs(combined), rotationOf(u.spec()));
                    }
                }
                case Change.Scale sc -> {
                    App app = apps.get(App.key(sc.namespace(), sc.name()));
                    app.redefine(app.spec.withInstances(sc.instances()), app.command);
                    log.accept("scale " + app.spec.id() + " to " + sc.instances());
                    resize(app, sc.instances(), "scale");
                }
                case Change.Resume rs -> {
                    App app = apps.get(App.key(rs.namespace(), rs.name()));
                    for (Instance i : app.instances) {
                        Lifecycle.State st = i.state;
                        if (st.status() == Status.ERRORED || (st.status() == Status.STOPPED && st.reason() == null)) {
                            fire(i, new Event.Start("apply: resume"));
                        }
                    }
                }
                case Change.Remove rm -> {
                    App app = apps.remove(App.key(rm.namespace(), rm.name()));
                    watcher.unwatch(app.key());
                    cron.unschedule(app.key());
                    log.accept("remove " + app.spec.id());
                    for (Instance i : List.copyOf(app.instances)) retire(i, "apply: removed (--prune)");
                    app.instances.clear();
                }
            }
            if (c == ex.changes().getFirst() && ex.changes().size() > 1) CrashPoint.reach(CrashPoint.MID_APPLY);
        }
        generation++;
        dirty = true;
        return new Response.Executed(generation);
    }

    /**
     * An app of one ecosystem file gets another owner only when the batch says so (apply
     * --take-over). The planner refuses such a plan already; checked again here, in the same step
     * as the change, so that no client and no race can move an app between files unasked.
     */
    private Response refuseOwnerChange(AppSpec spec, String newOwner, boolean takeOver) {
        App app = apps.get(App.key(spec.namespace(), spec.name()));
        if (app == null) return requireApp(spec.namespace(), spec.name());
        if (takeOver || app.owner == null || app.owner.equals(newOwner)) return null;
        return new Response.Failure(ErrorCode.CONFLICT, spec.id() + " belongs to " + app.owner + ", not to "
                + (newOwner == null ? "a jpm start" : newOwner) + ": nothing was changed; give --take-over to move it");
    }

    private Response requireApp(String namespace, String name) {
        if (apps.containsKey(App.key(namespace, name))) return null;
        return new Response.Failure(ErrorCode.CONFLICT, "app " + namespace + "/" + name
                + " no longer exists (another command removed it): nothing was changed; run the command again");
    }

    private Response observe() {
        List<ObservedApp> out = new ArrayList<>();
        for (App a : apps.values()) {
            out.add(new ObservedApp(a.spec, a.owner, a.spec.launch().hash(), ((Response.Instances) snapshot(a.instances)).instances()));
        }
        return new Response.Observed(generation, out);
    }

    /** Sends one event to every selected instance and answers once they all satisfy {@code settled}. */
    private CompletableFuture<Response> act(String target, Event event, java.util.function.Predicate<Status> settled) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            for (Instance i : selected) fire(i, event);
            when(() -> selected.stream().allMatch(i -> settled.test(i.state.status())), f, () -> snapshot(selected));
        });
        return f;
    }

    /**
     * The instances a target names, or null after answering {@code f} that it names none.
     * "all" on an empty daemon is not a mistake (stop all, delete all in scripts): an empty list.
     */
    private List<Instance> selectOrAnswer(String target, CompletableFuture<Response> f) {
        List<Instance> selected = Targets.select(allInstances(), target);
        if (!selected.isEmpty() || target.equals("all")) return selected;
        f.complete(notFound(target));
        return null;
    }

    /** {@code jpm sendSignal}: to the main process of each running instance (as PM2 does). */
    private CompletableFuture<Response> sendSignal(String name, String target) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String signal = upper.startsWith("SIG") ? upper : "SIG" + upper;
        try {
            Signals.number(signal);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.BAD_REQUEST,
                    "unknown signal '" + name + "' (use a name such as SIGUSR2 or HUP)"));
        }
        return actNow(target, i -> {
            if (i.running != null) Signals.signalProcess(i.pid, signal);
        });
    }

    /** Does something to each selected instance now and answers with them (no waiting). */
    private CompletableFuture<Response> actNow(String target, java.util.function.Consumer<Instance> action) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            selected.forEach(action);
            dirty = true;
            f.complete(snapshot(selected));
        });
        return f;
    }

    /** {@code jpm flush}: empties the current log files of the target (rotated ones stay). */
    private CompletableFuture<Response> flush(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            Set<Path> paths = new java.util.LinkedHashSet<>();
            for (Instance i : selected) {
                paths.add(i.outLog);
                paths.add(i.errLog);
                Path combined = logs.combined(i.app.spec, i.index);
                if (combined != null) {
                    try {
                        paths.add(logs.canonical(combined));
                    } catch (IOException e) {
                        log.accept("flush: " + combined + ": " + e.getMessage());
                    }
                }
            }
            List<String> failed = new ArrayList<>();
            for (Path p : paths) {
                try {
                    logFiles.truncate(p);
                } catch (IOException e) {
                    failed.add(p + ": " + e.getMessage());
                }
            }
            f.complete(failed.isEmpty() ? new Response.Done("emptied " + paths.size() + " log file(s)")
                    : new Response.Failure(ErrorCode.INTERNAL, "could not empty " + String.join("; ", failed)));
        });
        return f;
    }

    private CompletableFuture<Response> delete(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            for (Instance i : selected) {
                fire(i, new Event.StopRequested("user: jpm delete"));
            }
            when(() -> selected.stream().allMatch(i -> i.state.status().settledDown()), f, () -> {
                Response r = snapshot(selected);
                for (Instance i : selected) {
                    i.app.instances.remove(i);
                    if (i.app.instances.isEmpty()) {
                        apps.remove(i.app.key());
                        watcher.unwatch(i.app.key());
                        cron.unschedule(i.app.key());
                    } else {
                        i.app.redefine(i.app.spec.withInstances(i.app.instances.size()), i.app.command);
                    }
                }
                generation++;
                dirty = true;
                log.accept("deleted " + selected.size() + " instance(s) for target '" + target + "'");
                return r;
            });
        });
        return f;
    }

    /** {@code jpm reload}: rolling replacement of the target's instances, one at a time, in app and index order. */
    private CompletableFuture<Response> reload(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            generation++; // an apply planned before the reload must plan again
            new Rolling(selected, "user: jpm reload", f).next();
        });
        return f;
    }

    /**
     * Replaces instances one at a time. In cluster mode (a port jpm holds): a new process on the
     * slot's socket; once it is online (ready, when the app waits for readiness) the old one
     * drains and stops. If the new one fails, it is stopped, the old one keeps serving and the
     * rolling stops there. Other apps restart instance by instance. Runs on the loop.
     */
    private final class Rolling {
        private final java.util.ArrayDeque<Instance> queue;
        private final String cause;
        /** Null when nobody waits (apply). */
        private final CompletableFuture<Response> answer;
        private final List<Instance> now = new ArrayList<>();

        Rolling(List<Instance> olds, String cause, CompletableFuture<Response> answer) {
            this.queue = new java.util.ArrayDeque<>(olds);
            this.cause = cause;
            this.answer = answer;
        }

        private void after(BooleanSupplier done, Runnable then) {
            waiters.add(new Waiter(done, then));
        }

        void next() {
            Instance old = queue.poll();
            if (old == null) {
                generation++;
                if (answer != null) answer.complete(snapshot(now));
                return;
            }
            App app = old.app;
            if (!app.instances.contains(old) || apps.get(app.key()) != app) {
                next(); // deleted meanwhile
                return;
            }
            if (!app.sharesSockets() || old.running == null || old.state.status() != Status.ONLINE) {
                fire(old, new Event.RestartRequested(cause));
                after(() -> old.state.status() != Status.STOPPING && old.state.status() != Status.LAUNCHING, () -> {
                    if (old.state.status() == Status.ONLINE || !app.instances.contains(old)) {
                        now.add(old);
                        next();
                    } else {
                        fail(app, old.index, old.state.reason(), null);
                    }
                });
                return;
            }
            Instance fresh = new Instance(nextId++, app, old.index, logs.out(app.spec, old.index), logs.err(app.spec, old.index));
            app.instances.add(fresh);
            app.instances.sort(java.util.Comparator.comparingInt((Instance i) -> i.index).thenComparingLong(i -> i.id));
            dirty = true;
            fire(fresh, new Event.Start(cause + ": replaces id " + old.id));
            after(() -> fresh.state.status() != Status.LAUNCHING || !app.instances.contains(fresh), () -> {
                if (fresh.state.status() == Status.ONLINE && app.instances.contains(old)) {
                    app.instances.remove(old);
                    retiring.add(old);
                    dirty = true;
                    fire(old, new Event.DrainRequested(cause + ": replaced by id " + fresh.id));
                    now.add(fresh);
                    after(() -> old.state.status().settledDown(), this::next);
                } else {
                    String why = fresh.state.reason() != null ? fresh.state.reason() : "it is " + fresh.state.status().wire();
                    if (app.instances.remove(fresh)) retire(fresh, cause + ": aborted");
                    dirty = true;
                    fail(app, old.index, why, old);
                }
            });
        }

        private void fail(App app, int index, String why, Instance kept) {
            generation++;
            String message = "reload of " + app.spec.id() + " stopped at instance " + index + ": "
                    + (kept != null ? "its new process was not ready: " : "") + (why == null ? "it did not come online" : why)
                    + (kept != null && kept.running != null ? "; the old process (pid " + kept.pid + ") still serves" : "")
                    + (queue.isEmpty() ? "" : "; " + queue.size() + " more instance(s) not reloaded");
            log.accept(message);
            if (answer != null) answer.complete(new Response.Failure(ErrorCode.NOT_READY, message));
        }
    }

    /** Stops every instance; the future completes when no process of any app is left. */
    public CompletableFuture<Response> stopEverything() {
        shuttingDown = true;
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            List<Instance> all = new ArrayList<>(allInstances());
            all.addAll(retiring);
            for (Instance i : all) fire(i, new Event.StopRequested("daemon shutdown"));
            when(() -> all.stream().allMatch(i -> i.state.status().settledDown()), f, () -> {
                // kill (or SIGTERM) means "stop everything": the next daemon starts empty, as
                // with PM2; state.json is for surviving a crash, not a deliberate stop
                store.clear();
                return new Response.Done("stopped " + all.size() + " instance(s); the daemon exits");
            });
        });
        return f;
    }

    private Response describe(String target, boolean showEnv) {
        List<Instance> selected = Targets.select(allInstances(), target);
        if (selected.isEmpty() && !target.equals("all")) return notFound(target);
        List<AppDetail> out = new ArrayList<>();
        for (App app : apps.values()) {
            List<Instance> mine = app.instances.stream().filter(selected::contains).toList();
            if (mine.isEmpty()) continue;
            AppSpec spec = showEnv ? app.spec : app.spec.withLaunch(app.spec.launch().withEnv(redacted(app.spec.launch().env())));
            List<jpm.rpc.InstanceDetail> details = mine.stream().map(i -> new jpm.rpc.InstanceDetail(i.id,
                    i.state.nextRestartAt() == null ? null : i.state.nextRestartAt().toString(), List.copyOf(i.history))).toList();
            out.add(new AppDetail(spec, app.command, ((Response.Instances) snapshot(mine)).instances(), details));
        }
        return new Response.Describe(out);
    }

    private Response describeWithUsage(Response r) {
        if (!(r instanceof Response.Describe(List<AppDetail> details))) return r;
        return new Response.Describe(details.stream().map(a -> new AppDetail(a.spec(), a.command(),
                a.instances(), a.details())).toList());
    }

    private static Map<String, String> redacted(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (String k : env.keySet()) out.put(k, "<redacted>");
        return out;
    }

    private Response notFound(String target) {
        return new Response.Failure(ErrorCode.NOT_FOUND, "no app, instance id or namespace matches '" + target + "' (see `jpm ls`)");
    }

    private List<Instance> allInstances() {
        List<Instance> all = new ArrayList<>();
        for (App a : apps.values()) all.addAll(a.instances);
        all.sort(java.util.Comparator.comparingLong(Instance::id));
        return all;
    }

    private Response snapshot(List<Instance> instances) {
        Instant now = clock.instant();
        List<InstanceInfo> out = new ArrayList<>(instances.size());
        for (Instance i : instances) {
            Lifecycle.State s = i.state;
            boolean running = i.running != null;
            Long uptime = s.startedAt() != null && running ? Duration.between(s.startedAt(), now).toMillis() : null;
            out.add(new InstanceInfo(i.id, i.app.spec.name(), i.app.spec.namespace(), i.index,
                    running ? i.pid : null, s.status().wire(), s.restarts(), s.unstableRestarts(), uptime,
                    running ? i.cpuPercent : 0, running ? i.rssBytes : 0,
                    s.exitCode(), s.exitSignal(), s.reason(), i.outLog.toString(), i.errLog.toString(),
                    s.nextRestartAt() == null ? null : Math.max(0, Duration.between(now, s.nextRestartAt()).toMillis())));
        }
        return new Response.Instances(out);
    }

    // ---- the state machine's effects ------------------------------------------------------

    private void fire(Instance inst, Event event) {
        Lifecycle.Transition t = Lifecycle.on(inst.state, event, inst.app.policy);
        Status before = inst.state.status();
        inst.state = t.next();
        if (before != t.next().status()) {
            dirty = true;
            if (inst.history.size() == Instance.HISTORY) inst.history.removeFirst();
            // the new state's own reason says more than the event ("exited with code 1; restarting in 200 ms")
            String cause = t.next().reason() != null ? t.next().reason() : Lifecycle.cause(event);
            inst.history.addLast(new jpm.rpc.TransitionRecord(clock.instant().toString(), before.wire(),
                    t.next().status().wire(), cause));
            log.accept(inst.app.spec.name() + "#" + inst.index + " (id " + inst.id + "): " + before.wire() + " -> "
                    + t.next().status().wire() + (t.next().reason() != null ? " (" + t.next().reason() + ")" : ""));
        }
        for (Effect e : t.effects()) run(inst, e);
        if (t.next().status().settledDown() && before != t.next().status()) releaseSlotIfIdle(inst);
    }

    /** Closes a cluster slot's socket once no instance of that slot may run (see ClusterSockets.closeSlot). */
    private void releaseSlotIfIdle(Instance inst) {
        // not only when the app shares sockets now: a redefined app's old processes may hold some
        List<Instance> all = new ArrayList<>(inst.app.instances);
        all.addAll(retiring);
        boolean used = all.stream().anyMatch(i -> i != inst && i.app == inst.app && i.index == inst.index && !i.state.status().settledDown());
        if (!used) cluster.closeSlot(inst.app.spec.id(), inst.index);
    }

    /** Whether an IPC message from a Node instance is the readiness this app waits for. */
    private static boolean readyMessage(App app, String message) {
        if (app.spec.supervision().waitReady()) return message.equals("\"ready\""); // process.send('ready'), as in PM2
        return message.replace(" ", "").contains("\"jpm\":\"listening\""); // the adapter: the shared port is listened on
    }

    /** An sd_notify datagram: READY=1 from an instance's main process or its process group. */
    private void notified(long senderPid, String text) {
        if (!text.lines().anyMatch(l -> l.trim().equals("READY=1"))) return;
        long group = ProcFs.stat(senderPid).map(ProcFs.Stat::pgid).orElse(-1L);
        for (Instance i : allInstances()) {
            if (i.running != null && i.pid > 0 && (i.pid == senderPid || i.pid == group) && i.app.spec.supervision().waitReady()) {
                fire(i, new Event.Ready());
                return;
            }
        }
    }

    private void run(Instance inst, Effect effect) {
        switch (effect) {
            case Effect.Spawn s -> spawn(inst);
            case Effect.SignalGroup s -> signalTree(inst, s.signal());
            case Effect.KillLeftovers k -> signalTree(inst, "SIGKILL");
            case Effect.ScheduleKillDeadline d -> schedule(inst, d.after(), new Event.KillDeadline());
            case Effect.ScheduleRestart r -> schedule(inst, r.after(), new Event.RestartDue());
            case Effect.ScheduleReadyDeadline d -> schedule(inst, d.after(), new Event.ReadyDeadline());
            case Effect.Drain d -> {
                // the Node adapter drains on a message; anything else gets its stop signal
                // (with the stop signal, which the adapter sends itself when the app serves nothing)
                String stop = inst.app.spec.supervision().stopSignal();
                if (inst.ipc == null || !inst.ipc.send("{\"jpm\":\"drain\",\"signal\":\"" + stop + "\"}")) signalTree(inst, stop);
            }
            case Effect.AwaitGroupGone a -> {
                watchedGroups.add(inst);
                // Not at once: after the tasks already queued. A delete of 100 ends them in bursts,
                // and each poll that finds an empty group makes a pass over /proc (~14 ms with 100
                // apps); polling per exit made `delete all` take 1.5 s.
                if (!groupPollPosted) {
                    groupPollPosted = true;
                    post(() -> {
                        groupPollPosted = false;
                        pollGroups();
                    });
                }
            }
        }
    }

    private void spawn(Instance inst) {
        App app = inst.app;
        RunAsShim.Plan runAs;
        try {
            runAs = RunAsShim.planFor(app.spec); // users change: resolved at every spawn
        } catch (SpecException e) {
            fire(inst, new Event.SpawnFailed("spawn failed: " + e.getMessage()));
            return;
        }
        Map<String, String> env = new TreeMap<>(baseEnv);
        runAs.applyTo(env); // the user's HOME, USER, LOGNAME; the app's own env still wins
        env.putAll(app.spec.launch().env());
        env.put("JPM_APP_NAME", app.spec.name());
        env.put("JPM_NAMESPACE", app.spec.namespace());
        env.put("JPM_INSTANCE", Integer.toString(inst.index));
        env.put("JPM_ID", Long.toString(inst.id));
        env.put("JPM_HOME", home.dir().toString());
        env.put(app.spec.launch().instanceVar(), Integer.toString(inst.index));
        String inc = app.spec.launch().incrementVar();
        if (inc != null) {
            // PM2's increment_var: instance i gets the app's value + i (PORT=3000 -> 3000, 3001, ...)
            long base = 0;
            try {
                base = Long.parseLong(env.getOrDefault(inc, "0").trim());
            } catch (NumberFormatException notANumber) {
                log.accept(app.spec.id() + ": increment_var " + inc + " is not a number; counting from 0");
            }
            env.put(inc, Long.toString(base + inst.index));
        }
        Spawner.Spawned p;
        List<LogFile> sinks = new ArrayList<>();
        ClusterSockets.Launch extra;
        try {
            extra = cluster.prepare(app.spec, app.command, inst.index, app.nodeAdapter, env);
        } catch (IOException | RuntimeException e) {
            fire(inst, new Event.SpawnFailed("spawn failed: " + e.getMessage()));
            return;
        }
        try {
            inst.outLog = logs.canonical(logs.out(app.spec, inst.index), runAs.uid());
            inst.errLog = logs.canonical(logs.err(app.spec, inst.index), runAs.uid());
            if (app.spec.launch().piped()) {
                // the files first: a log path jpm must refuse fails the spawn before any process exists
                sinks.addAll(openSinks(inst, runAs.uid()));
                p = spawner.spawnPiped(runAs.wrap(extra.argv()), Path.of(app.spec.launch().cwd()), extra.env(), extra.fds());
            } else {
                p = spawner.spawn(runAs.wrap(extra.argv()), Path.of(app.spec.launch().cwd()), extra.env(), inst.outLog, inst.errLog,
                        runAs.uid(), extra.fds());
            }
        } catch (IOException | RuntimeException e) {
            extra.abandon();
            sinks.forEach(logFiles::release);
            String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                    ? fse.getFile() + " " + fse.getReason() : e.getMessage();
            fire(inst, new Event.SpawnFailed("spawn failed: " + why));
            return;
        }
        ExitWatcher.Watch running;
        try {
            running = exits.watchChild(p.pid(), (watch, exit) -> {
                children.request(); // its orphans came along: reaped before the exit's /proc pass meets them
                post(() -> exited(inst, watch, exit));
            });
        } catch (IOException e) { // no pidfd (a kernel before 5.3): the process could not be supervised
            Signals.signalGroup(p.pid(), "SIGKILL");
            extra.abandon();
            fire(inst, new Event.SpawnFailed("spawn failed: " + e.getMessage()));
            return;
        }
        if (inst.ipc != null) inst.ipc.close();
        inst.ipc = extra.spawned(p.pid(), message -> post(() -> {
            if (inst.running != running) return;
            // the adapter asks for the socket of a port the app listens on (SharedListens)
            if (cluster.answerListen(inst.ipc, inst.app.spec, inst.index, message)) return;
            if (readyMessage(inst.app, message)) fire(inst, new Event.Ready());
        }));
        if (!sinks.isEmpty()) {
            startPumps(app.spec, inst.index, p.stdout(), p.stderr(), sinks);
            // the holder, a child too, is reaped by the zombie sweep of scan() once its app ended
            if (p.holderPid() == 0) log.accept(app.spec.id() + ": no pipe holder (tail missing): a daemon crash would end it");
        }
        inst.running = running;
        inst.pid = p.pid();
        inst.startTicks = ProcFs.stat(inst.pid).map(ProcFs.Stat::startTicks).orElse(0L);
        dirty = true;
        CrashPoint.reach(CrashPoint.AFTER_SPAWN);
        fire(inst, new Event.Spawned(clock.instant()));
    }

    /**
     * Piped mode: one pump per stream. stdout goes to the out file (and the combined one),
     * stderr to the error file (and the combined one); the files are released when both end.
     */
    /** The files of a piped instance: out, error, and the combined one if any (canonical paths, shared). */
    private List<LogFile> openSinks(Instance inst, long appUid) throws IOException {
        AppSpec spec = inst.app.spec;
        RotationPolicy rotation = rotationOf(spec);
        List<LogFile> sinks = new ArrayList<>();
        try {
            sinks.add(logFiles.acquire(inst.outLog, rotation)); // canonical: set so at spawn and at restore
            sinks.add(logFiles.acquire(inst.errLog, rotation));
            Path combined = logs.combined(spec, inst.index);
            if (combined != null) sinks.add(logFiles.acquire(logs.canonical(combined, appUid), rotation));
        } catch (IOException | RuntimeException e) {
            sinks.forEach(logFiles::release);
            throw e;
        }
        return sinks;
    }

    /**
     * A piped instance adopted after a daemon restart: its pipes were kept open by its
     * {@link PipeHolder}, so they are reopened through /proc and read on (off the loop: the open
     * of a pipe waits for a writer).
     */
    private void reattachOutput(Instance inst) {
        if (!inst.app.spec.launch().piped() || !PipeHolder.isPipe(inst.pid, 1) || !PipeHolder.isPipe(inst.pid, 2)) return;
        List<LogFile> sinks;
        try {
            sinks = openSinks(inst, RunAsShim.planFor(inst.app.spec).uid());
        } catch (IOException | RuntimeException e) {
            log.accept(inst.app.spec.id() + "#" + inst.index + ": cannot reopen its log files: " + e.getMessage());
            return;
        }
        AppSpec spec = inst.app.spec;
        long pid = inst.pid;
        // an app that sent stderr into stdout (exec 2>&1) has one pipe: two readers would split its lines
        boolean onePipe = PipeHolder.samePipe(pid, 1, 2);
        Thread.ofPlatform().name("jpm-reattach").daemon().start(() -> { // opening a pipe blocks in native code
            try {
                startPumps(spec, inst.index, PipeHolder.reopen(pid, 1), onePipe ? null : PipeHolder.reopen(pid, 2), sinks);
            } catch (IOException e) {
                log.accept(spec.id() + "#" + inst.index + ": cannot reopen its output pipes: " + e.getMessage());
                sinks.forEach(logFiles::release);
            }
        });
    }

    private void startPumps(AppSpec spec, int index, java.io.InputStream stdout, java.io.InputStream stderr, List<LogFile> sinks) {
        Launch l = spec.launch();
        boolean json = "json".equals(l.logType());
        java.time.format.DateTimeFormatter ts = l.time() || l.logDateFormat() != null || json ? DateFormats.forApp(l.logDateFormat()) : null;
        LogFile out = sinks.get(0);
        LogFile err = sinks.get(1);
        LogFile combined = sinks.size() > 2 ? sinks.get(2) : null;
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(stderr == null ? 1 : 2);
        Runnable onEnd = () -> {
            if (open.decrementAndGet() == 0) sinks.forEach(logFiles::release);
        };
        String tag = spec.name() + "#" + index;
        LogPump.start("jpm-out " + tag, stdout, new LineFormat(ts, json, spec.name(), index, "out"),
                combined == null ? List.of(out) : List.of(out, combined), log, onEnd);
        if (stderr == null) return;
        LogPump.start("jpm-err " + tag, stderr, new LineFormat(ts, json, spec.name(), index, "err"),
                combined == null ? List.of(err) : List.of(err, combined), log, onEnd);
    }

    /** The canonical form of a log path (the key of the open log files), or the path as is if its dir is unusable. */
    private Path canonicalOrAsIs(Path p) {
        try {
            return logs.canonical(p);
        } catch (IOException | RuntimeException e) {
            return p;
        }
    }

    static RotationPolicy rotationOf(AppSpec spec) {
        Supervision s = spec.supervision();
        return new RotationPolicy(s.logMaxSizeBytes(), s.logRetain(), s.logCompress());
    }

    /** The end of an instance's main process (exit code or signal; neither for an adopted one). */
    private void exited(Instance inst, ExitWatcher.Watch watch, ExitWatcher.Exit exit) {
        if (inst.running != watch) return; // a late notice about an earlier process
        inst.running = null;
        if (inst.ipc != null) {
            inst.ipc.close();
            inst.ipc = null;
        }
        fire(inst, new Event.Exited(exit.code(), exit.signal(), clock.instant()));
    }

    private void schedule(Instance inst, Duration after, Event event) {
        long seq = ++inst.timerSeq;
        timers.schedule(() -> post(() -> {
            if (inst.timerSeq == seq) fire(inst, event);
        }), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Signals an instance's whole tree: its process group, then every member of its tree outside
     * the group (a child that called setsid, an escaper re-parented to the daemon).
     */
    private void signalTree(Instance inst, String signal) {
        if (inst.pid <= 1) return;
        boolean cont = Signals.followedByContinue(signal); // a SIGSTOPped process acts on its stop signal once continued
        Signals.signalGroup(inst.pid, signal);
        if (cont) Signals.signalGroup(inst.pid, "SIGCONT");
        Set<Long> tree = scanTrees().getOrDefault(inst.id, Set.of());
        for (long pid : tree) {
            if (ProcFs.stat(pid).map(st -> st.pgid() != inst.pid).orElse(false)) {
                Signals.signalProcess(pid, signal);
                if (cont) Signals.signalProcess(pid, "SIGCONT");
            }
        }
    }

    /** Instances whose processes may be alive, by main pid (dead main processes included while stopping). */
    private Map<Long, Long> leaders() {
        Map<Long, Long> out = new java.util.HashMap<>();
        List<Instance> all = new ArrayList<>(allInstances());
        all.addAll(retiring);
        for (Instance i : all) {
            Status st = i.state.status();
            if (i.pid > 1 && (i.running != null || st == Status.STOPPING || watchedGroups.contains(i))) out.put(i.pid, i.id);
        }
        adoptedEscapers.forEach((pid, idAndStart) -> out.putIfAbsent(pid, idAndStart[0]));
        return out;
    }

    /** One pass over /proc: instance id to the pids of its live tree. */
    /**
     * The trees, scanned at most once per loop task: a stop of 100 instances signals 100 trees
     * in one task, and each full /proc pass costs about 10 ms.
     */
    private Map<Long, Set<Long>> scanTrees() {
        if (treesThisTask == null) treesThisTask = scanTrees(ProcFs.all());
        return treesThisTask;
    }

    private Map<Long, Set<Long>> scanTrees(List<ProcFs.Stat> processes) {
        if (!adoptedEscapers.isEmpty()) {
            Map<Long, ProcFs.Stat> byPid = new java.util.HashMap<>();
            for (ProcFs.Stat st : processes) byPid.put(st.pid(), st);
            adoptedEscapers.entrySet().removeIf(e -> {
                ProcFs.Stat st = byPid.get(e.getKey());
                return st == null || st.zombie() || st.startTicks() != e.getValue()[1]; // gone, or the pid was reused
            });
        }
        return ProcessTrees.assign(processes, daemonPid, leaders(), this::tagOf);
    }

    /** The instance id a process of this home carries in its environment (JPM_HOME + JPM_ID), or null. */
    private Long tagOf(long pid) {
        Map<String, String> env = ProcFs.environ(pid);
        if (!home.dir().toString().equals(env.get("JPM_HOME"))) return null;
        try {
            return Long.parseLong(env.getOrDefault("JPM_ID", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reaps the daemon's exited children that the exit watcher does not wait for (pipe holders, adopted orphans). */
    private void reapOwnZombies() {
        children.sweep();
    }

    /** Stopping instances whose main process is gone: done once nothing of their tree is left. */
    private void pollGroups() {
        if (watchedGroups.isEmpty()) return;
        // cheap first: while a group has a member, its tree is not gone; only when some group is
        // empty does a pass over /proc look for members outside it (escapers). Exited orphans
        // re-parented to the daemon would count as members until reaped: reap them here.
        reapOwnZombies();
        boolean someGroupEmpty = watchedGroups.stream().anyMatch(i -> i.pid <= 1 || !Signals.groupExists(i.pid));
        Map<Long, Set<Long>> trees = someGroupEmpty ? scanTrees() : Map.of();
        List<Instance> gone = !someGroupEmpty ? List.of() : watchedGroups.stream().filter(i -> trees.getOrDefault(i.id, Set.of()).isEmpty()).toList();
        gone.forEach(watchedGroups::remove);
        for (Instance inst : gone) fire(inst, new Event.GroupGone());
        if (!watchedGroups.isEmpty() && !groupPollScheduled) {
            groupPollScheduled = true;
            timers.schedule(() -> post(() -> {
                groupPollScheduled = false;
                pollGroups();
            }), GROUP_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Every {@link #SCAN_EVERY}: one pass over /proc gives each instance's tree CPU% and RSS (for
     * ls and jlist), restarts instances above max_memory_restart (cause "memory"), and reaps
     * zombies the daemon adopted as subreaper (pid by pid, never the JDK's own children).
     */
    private void scanTick() {
        if (persistFailure != null) dirty = true; // retry a failed write of state.json
        long now = System.nanoTime();
        try {
            scan(now);
        } finally {
            lastScanMicros = (System.nanoTime() - now) / 1000;
            lastScanNanos = now;
        }
    }

    /** Scans now if the last scan is older than {@link #SCAN_EVERY}: for the figures of ls, jlist and describe. */
    private void freshMetrics() {
        if (System.nanoTime() - lastScanNanos > SCAN_EVERY.toNanos()) scanTick();
    }

    /**
     * Direct mode: the child holds its files, so a file over log_max_size is copied aside and
     * truncated (off the loop). Piped files rotate in their writer, between two lines.
     */
    private void rotateDirectLogs() {
        for (App a : apps.values()) {
            RotationPolicy policy = rotationOf(a.spec);
            if (!policy.enabled() || a.spec.launch().piped()) continue;
            for (Instance i : a.instances) {
                for (Path path : new Path[] {i.outLog, i.errLog}) {
                    if (rotating.contains(path)) continue;
                    long size;
                    try {
                        size = Files.size(path);
                    } catch (IOException e) {
                        continue;
                    }
                    if (size < policy.maxBytes() || !rotating.add(path)) continue;
                    Thread.ofVirtual().name("jpm-rotate").start(() -> {
                        try {
                            Rotation.copyTruncate(path, policy, log);
                        } catch (IOException e) {
                            log.accept("cannot rotate " + path + ": " + e.getMessage());
                        } finally {
                            rotating.remove(path);
                        }
                    });
                }
            }
        }
    }

    private void scan(long now) {
        rotateDirectLogs();
        if (adoptedEscapers.isEmpty() && watchedGroups.isEmpty() && allInstances().stream().allMatch(i -> i.running == null)) {
            // nothing runs: no tree to measure, so no pass over all of /proc (idle CPU); only this
            // daemon's own exited children (pipe holders, orphans it adopted) to reap
            reapOwnZombies();
            return;
        }
        List<ProcFs.Stat> processes = ProcFs.all();
        Map<Long, ProcFs.Stat> byPid = new java.util.HashMap<>();
        for (ProcFs.Stat st : processes) byPid.put(st.pid(), st);
        for (ProcFs.Stat st : processes) {
            // adopted orphans; the exit watcher reaps the children it watches (with their status)
            if (st.ppid() == daemonPid && st.zombie() && !exits.reapsChild(st.pid())) Reaper.reap(st.pid());
        }
        Map<Long, Set<Long>> trees = scanTrees(processes);
        for (Instance i : allInstances()) {
            if (i.running == null) {
                i.cpuPercent = 0;
                i.rssBytes = 0;
                i.lastCpuTicks = -1;
                continue;
            }
            long ticks = 0;
            long rss = 0;
            for (long pid : trees.getOrDefault(i.id, Set.of())) {
                ProcFs.Stat st = byPid.get(pid);
                if (st == null) continue;
                ticks += st.cpuTicks();
                rss += st.rssBytes();
            }
            if (i.lastCpuTicks >= 0 && now > i.lastScanNanos) {
                double seconds = (now - i.lastScanNanos) / 1e9;
                // a child that exited takes its ticks with it: never report a negative rate
                i.cpuPercent = Math.max(0, Math.round(1000.0 * (ticks - i.lastCpuTicks) / ProcFs.TICKS_PER_SECOND / seconds) / 10.0);
            }
            i.lastCpuTicks = ticks;
            i.lastScanNanos = now;
            i.rssBytes = rss;
            long limit = i.app.spec.supervision().maxMemoryRestartBytes();
            if (limit > 0 && rss > limit && i.state.status() == Status.ONLINE) {
                fire(i, new Event.RestartRequested("memory: " + rss / 1024 / 1024 + " MiB > max_memory_restart "
                        + limit / 1024 / 1024 + " MiB"));
            }
        }
    }

    /**
     * Follows an app's watch settings: a change under its watched paths restarts its running
     * instances with cause "watch: PATH". jpm's own files (JPM_HOME, the app's log files) are
     * never watched, so an app logging into its watched cwd cannot loop.
     */
    private void rewatch(App app) {
        if (app.spec.supervision().watch().isEmpty()) {
            watcher.unwatch(app.key());
            return;
        }
        List<Path> ignored = new ArrayList<>();
        ignored.add(home.dir());
        for (int i = 0; i < app.spec.instances(); i++) {
            ignored.add(logs.out(app.spec, i));
            ignored.add(logs.err(app.spec, i));
        }
        String key = app.key();
        try {
            watcher.watch(key, WatchSpec.of(app.spec.supervision(), ignored), path -> post(() -> {
                App current = apps.get(key);
                if (current == null) return;
                for (Instance i : List.copyOf(current.instances)) {
                    // a stopped or errored app stays so: watch restarts what runs
                    if (i.state.status() == Status.ONLINE) fire(i, new Event.RestartRequested("watch: " + path));
                }
            }));
        } catch (RuntimeException e) {
            log.accept(app.spec.id() + ": cannot watch " + app.spec.supervision().watch() + ": " + e.getMessage());
        }
    }

    /**
     * Follows an app's cron_restart: each fire restarts its running instances with cause "cron";
     * a stopped or errored app stays so (as in PM2, cron restarts, it does not start).
     */
    private void reschedule(App app) {
        String expr = app.spec.supervision().cronRestart();
        if (expr == null || CronSchedule.isDisabled(expr)) {
            cron.unschedule(app.key());
            return;
        }
        String key = app.key();
        try {
            cron.schedule(key, CronSchedule.parse(expr), () -> post(() -> {
                App current = apps.get(key);
                // a fire that raced with a change of the schedule is dropped
                if (current == null || !expr.equals(current.spec.supervision().cronRestart())) return;
                for (Instance i : List.copyOf(current.instances)) {
                    if (i.state.status() == Status.ONLINE) fire(i, new Event.RestartRequested("cron: " + expr));
                }
            }));
        } catch (RuntimeException e) {
            log.accept(app.spec.id() + ": cannot schedule cron_restart '" + expr + "': " + e.getMessage());
        }
    }

    /** {@code jpm save}: the definitions only (no pids): what resurrect starts again. */
    private Response saveDump() {
        List<SavedState.SavedApp> saved = new ArrayList<>();
        for (App a : apps.values()) saved.add(new SavedState.SavedApp(a.spec, a.owner, List.of()));
        try {
            dumpStore.save(new SavedState(0, 0, saved));
        } catch (IOException | RuntimeException e) {
            return new Response.Failure(ErrorCode.INTERNAL, "cannot write " + home.dumpFile() + " (the previous dump stays): "
                    + e.getMessage());
        }
        return new Response.Done("saved " + saved.size() + " app(s) to " + home.dumpFile());
    }

    /** {@code jpm resurrect}: starts the dump's apps that the daemon does not have; the others are left alone. */
    private CompletableFuture<Response> resurrect() {
        SavedState dump;
        try {
            dump = dumpStore.load();
        } catch (NewerFormatException e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.INTERNAL, "cannot resurrect: " + e.getMessage()));
        }
        Map<String, List<String>> commands = new java.util.HashMap<>();
        List<String> problems = new ArrayList<>();
        for (SavedState.SavedApp a : dump.apps()) {
            try {
                commands.put(a.spec().id(), resolver.resolve(a.spec()));
            } catch (SpecException e) {
                problems.add(e.getMessage());
            }
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        postFor(f, () -> {
            int started = 0;
            int present = 0;
            for (SavedState.SavedApp a : dump.apps()) {
                List<String> command = commands.get(a.spec().id());
                if (command == null) continue;
                if (apps.containsKey(App.key(a.spec().namespace(), a.spec().name()))) {
                    present++;
                    continue;
                }
                try {
                    LogDirs.ensure(logs.dirFor(a.spec().namespace()));
                    create(a.spec(), command, a.owner());
                    started++;
                } catch (IOException e) {
                    problems.add(a.spec().id() + ": " + e.getMessage());
                }
            }
            if (started > 0) {
                generation++;
                dirty = true;
            }
            String msg = "resurrected " + started + " app(s) from " + home.dumpFile() + ", " + present + " already running"
                    + (problems.isEmpty() ? "" : "; not started: " + String.join("; ", problems));
            f.complete(new Response.Done(msg));
        });
        return f;
    }

    /**
     * {@code jpm update}: writes the state now and refuses every later change, so what the next
     * daemon reads is exactly what this one leaves running. If the state cannot be written the
     * update is refused and this daemon carries on.
     */
    private Response handOver() {
        persist();
        if (persistFailure != null) {
            return new Response.Failure(ErrorCode.STATE_NOT_SAVED, "not updating: the daemon cannot save its state to "
                    + home.stateFile() + " (" + persistFailure + "), and a new daemon would not find the apps");
        }
        shuttingDown = true;
        int instances = apps.values().stream().mapToInt(a -> a.instances.size()).sum();
        log.accept("handing over to a new daemon: " + apps.size() + " app(s), " + instances + " instance(s) left running");
        return new Response.HandedOver(daemonPid, instances, RUNS_UNDER_SYSTEMD);
    }

    /** Writes state.json; a failure (disk full, ...) is logged and the daemon carries on. */
    private void persist() {
        dirty = false;
        if (shuttingDown) return; // stopping everything: the state is cleared when done
        List<SavedState.SavedApp> saved = new ArrayList<>();
        for (App a : apps.values()) {
            List<SavedState.SavedInstance> insts = new ArrayList<>();
            for (Instance i : a.instances) {
                Lifecycle.State st = i.state;
                boolean running = i.running != null;
                insts.add(new SavedState.SavedInstance(i.id, i.index, running ? i.pid : null, running ? i.startTicks : null,
                        st.status().wire(), st.restarts(), st.unstableRestarts(), st.exitCode(), st.exitSignal(), st.reason(),
                        st.status() == Status.STOPPING && st.after() == Lifecycle.After.START_AGAIN));
            }
            saved.add(new SavedState.SavedApp(a.spec, a.owner, insts));
        }
        try {
            store.save(new SavedState(nextId, generation, saved));
            if (persistFailure != null) log.accept("wrote " + home.stateFile() + " again");
            persistFailure = null;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : String.valueOf(e.getMessage());
            // logged once per failure streak; the scan retries every SCAN_EVERY
            if (!why.equals(persistFailure)) log.accept("cannot write " + home.stateFile() + " (the previous state stays): " + why);
            persistFailure = why;
        }
    }

    /**
     * What state.json holds, for {@link #restore}. A file of a newer format is refused: the daemon
     * must not start then, or it would overwrite the file and stop as strays the processes the file
     * records.
     */
    public SavedState loadState() throws NewerFormatException {
        return store.load();
    }

    /** Whether state.json (or its backup) exists: false on a fresh start, after a boot or a deliberate stop. */
    public boolean hasSavedState() {
        return store.exists();
    }

    /**
     * Rebuilds the apps of a daemon that died, before serving: an instance whose process is still
     * alive (same pid, same /proc start time) is adopted without a restart; one that should run
     * but whose process is gone is started again; stopped and errored ones stay so.
     */
    public void restore(SavedState saved) {
        nextId = saved.nextId();
        generation = saved.generation();
        // Processes of this home that state.json may not know: a daemon that died between a spawn
        // and the write of its pid leaves them running. Found by their tag, never by name.
        Map<Long, List<ProcFs.Stat>> tagged = new java.util.HashMap<>();
        for (ProcFs.Stat st : ProcFs.all()) {
            if (st.pid() == daemonPid || st.zombie()) continue;
            Long id = tagOf(st.pid());
            if (id != null) tagged.computeIfAbsent(id, k -> new ArrayList<>()).add(st);
        }
        Set<Long> adoptedIds = new HashSet<>();
        int adopted = 0;
        int restarted = 0;
        for (SavedState.SavedApp sa : saved.apps()) {
            List<String> command;
            try {
                command = resolver.resolve(sa.spec());
            } catch (SpecException e) {
                command = List.of(sa.spec().launch().script()); // respawns will fail and say why; adopted ones keep running
                log.accept("restore " + sa.spec().id() + ": " + e.getMessage());
            }
            App app = new App(sa.spec(), command, sa.owner());
            apps.put(app.key(), app);
            for (SavedState.SavedInstance si : sa.instances()) {
                Instance inst = new Instance(si.id(), app, si.index(), canonicalOrAsIs(logs.out(sa.spec(), si.index())),
                        canonicalOrAsIs(logs.err(sa.spec(), si.index())));
                nextId = Math.max(nextId, si.id() + 1);
                app.instances.add(inst);
                Status was = java.util.Arrays.stream(Status.values()).filter(v -> v.wire().equals(si.status())).findFirst()
                        .orElse(Status.STOPPED);
                Lifecycle.State base = new Lifecycle.State(Status.STOPPED, si.restarts(), si.unstableRestarts(), null,
                        Lifecycle.After.STAY_STOPPED, si.exitCode(), si.exitSignal(), was.settledDown() ? si.reason() : null, null);
                inst.state = was == Status.ERRORED ? new Lifecycle.State(Status.ERRORED, si.restarts(), si.unstableRestarts(), null,
                        Lifecycle.After.STAY_STOPPED, si.exitCode(), si.exitSignal(), si.reason(), null) : base;
                if (was.settledDown()) continue;
                var stat = si.pid() == null ? java.util.Optional.<ProcFs.Stat>empty() : ProcFs.stat(si.pid());
                // a stop that was the first half of a restart still ends with the instance running
                boolean shouldRun = was != Status.STOPPING || Boolean.TRUE.equals(si.startAfterStop());
                // A spawn whose pid was never written happens only where the state has no process
                // (a start, a restart after backoff) or the stop half of a restart: elsewhere a tagged
                // group leader is a child that called setsid and outlived the main process, not it.
                boolean spawnPending = si.pid() == null || (was == Status.STOPPING && Boolean.TRUE.equals(si.startAfterStop()));
                long savedStart = si.startTicks() == null ? -1 : si.startTicks();
                ProcFs.Stat unrecorded = !spawnPending ? null : tagged.getOrDefault(si.id(), List.of()).stream()
                        .filter(st -> st.pgid() == st.pid() && st.startTicks() > savedStart).findFirst().orElse(null);
                if (stat.isPresent() && !stat.get().zombie() && si.startTicks() != null && stat.get().startTicks() == si.startTicks()
                        && adopt(inst, si.pid(), si.startTicks())) {
                    adoptedIds.add(si.id());
                    adopted++;
                    if (was == Status.STOPPING) {
                        fire(inst, shouldRun ? new Event.RestartRequested("daemon restart: finishing a restart")
                                : new Event.StopRequested("daemon restart: finishing a stop"));
                    }
                } else if (shouldRun && unrecorded != null && adopt(inst, unrecorded.pid(), unrecorded.startTicks())) {
                    // spawned (a restart) just before the daemon died, pid not yet written: it is this instance
                    adoptedIds.add(si.id());
                    adopted++;
                } else if (shouldRun) {
                    fire(inst, new Event.RestartRequested("daemon restart: its process was gone"));
                    restarted++;
                }
            }
            rewatch(app);
            reschedule(app);
        }
        if (!saved.apps().isEmpty()) {
            log.accept("restored " + saved.apps().size() + " app(s) from " + home.stateFile() + ": " + adopted
                    + " running instance(s) adopted, " + restarted + " started again");
        }
        for (long id : adoptedIds) {
            Instance inst = allInstances().stream().filter(i -> i.id == id).findFirst().orElseThrow();
            for (ProcFs.Stat st : tagged.get(id) == null ? List.<ProcFs.Stat>of() : tagged.get(id)) {
                if (st.pid() != inst.pid && st.pgid() != inst.pid) adoptedEscapers.put(st.pid(), new long[] {id, st.startTicks()});
            }
        }
        tagged.keySet().removeAll(adoptedIds);
        for (long id : tagged.keySet()) nextId = Math.max(nextId, id + 1); // never reuse the tag of a process still dying
        stopUnrecorded(tagged.values().stream().flatMap(List::stream).toList());
        dirty = true;
    }

    /**
     * Processes of this home that belong to no instance after a restore (the state that would
     * have recorded them was never written): stopped, SIGTERM then SIGKILL, so a re-apply
     * starts each app exactly once and nothing runs untracked.
     */
    private void stopUnrecorded(List<ProcFs.Stat> strays) {
        if (strays.isEmpty()) return;
        log.accept("stopping " + strays.size() + " process(es) of this home that state.json does not record: "
                + strays.stream().map(st -> Long.toString(st.pid())).toList());
        for (ProcFs.Stat st : strays) {
            Signals.signalProcess(st.pid(), "SIGTERM");
            Signals.signalProcess(st.pid(), "SIGCONT");
        }
        timers.schedule(() -> {
            for (ProcFs.Stat st : strays) {
                // the same process (pid and start time), not a new one that reused the pid
                if (ProcFs.stat(st.pid()).map(now -> now.startTicks() == st.startTicks() && !now.zombie()).orElse(false)) {
                    Signals.signalProcess(st.pid(), "SIGKILL");
                }
            }
        }, UNRECORDED_KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** False if the process is gone by now (the caller then starts the instance again). */
    private boolean adopt(Instance inst, long pid, long startTicks) {
        // not our child: its end is noticed without an exit status
        ExitWatcher.Watch w = exits.watchOther(pid, (watch, exit) -> post(() -> exited(inst, watch, exit))).orElse(null);
        if (w == null) return false;
        // the pidfd pins the pid: check it is still the process found (not a new one that reused the pid)
        if (ProcFs.stat(pid).map(st -> st.startTicks() != startTicks || st.zombie()).orElse(true)) return false;
        inst.pid = pid;
        inst.startTicks = startTicks;
        inst.running = w;
        Instant started = ProcFs.bootTime().plusMillis(startTicks * 1000 / ProcFs.TICKS_PER_SECOND);
        Lifecycle.State s = inst.state;
        inst.state = new Lifecycle.State(Status.ONLINE, s.restarts(), s.unstableRestarts(), started, Lifecycle.After.STAY_STOPPED,
                s.exitCode(), s.exitSignal(), null, null);
        inst.history.addLast(new jpm.rpc.TransitionRecord(clock.instant().toString(), "stopped", "online",
                "adopted after a daemon restart (pid " + pid + ")"));
        reattachOutput(inst);
        return true;
    }

    /** Writes out the log buffers of piped apps; the daemon calls it on its way out. */
    public void flushLogs() {
        LogPump.stopReading(1000); // the next daemon reopens the pipes of piped apps and reads on
        logFiles.flushAll();
    }

    private static String buildName() {
        try {
            Path p = Path.of(Supervisor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getFileName().toString();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Starts the periodic /proc scan; called once the loop runs. */
    private void scheduleScans() {
        timers.schedule(() -> post(() -> {
            try {
                // decided at each tick, so an app that brings a memory limit is watched within 2 s
                if (scanOften() || System.nanoTime() - lastScanNanos >= SCAN_EVERY_QUIET.toNanos()) scanTick();
            } finally {
                scheduleScans();
            }
        }), SCAN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether something depends on the 2 s scan: memory limits, direct-log rotation, escapers, a
     * failed save. (ls and friends need none: they scan first when the figures are old.)
     */
    private boolean scanOften() {
        if (persistFailure != null || !adoptedEscapers.isEmpty()) return true;
        for (App a : apps.values()) {
            Supervision s = a.spec.supervision();
            if (s.maxMemoryRestartBytes() > 0 || s.logMaxSizeBytes() > 0) return true;
        }
        return false;
    }
}
