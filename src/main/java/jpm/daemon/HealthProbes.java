package jpm.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.ScriptFiles;
import jpm.ecosystem.SpecException;
import jpm.ecosystem.Supervision.HealthCheck;
import jpm.os.ExitWatcher;
import jpm.os.Signals;

/**
 * The health probes of running instances (docs/health.md): for each running process of an app
 * with {@code health}, a probe every interval; what they conclude ({@link ProbeState}) is the
 * instance's {@link Instance#health}, published as {@code health} events, and an unhealthy
 * instance of an app with {@code on_unhealthy: restart} is handed to its state machine
 * ({@link Lifecycle.Event.Unhealthy}).
 *
 * <p>Nothing here waits, and no thread is made per probe. On the loop: the bookkeeping, and the
 * spawn of an exec probe (as {@link HookRunner} spawns a hook: the loop reaps the daemon's stray
 * children, so its own are handed to the exit watcher in the same step). Probes are timed on the
 * shared timer thread, which only posts to the loop. HTTP and TCP probes are {@link NetProbe}s
 * made by {@link NetworkProbes} (non-blocking sockets; an HTTP probe keeps its connection from one
 * probe to the next); their answers are posted to the loop. At most {@link #MAX_IN_FLIGHT} probes
 * run at once; the next ones wait their turn. A probe's timeout is kept by the timer: a network
 * probe is given up (its connection closed), an exec probe's process group killed.
 */
final class HealthProbes {
    /** Probes running at once, all instances together: a daemon with 500 probed apps stays within a few sockets and processes. */
    static final int MAX_IN_FLIGHT = 32;
    /** Results kept per instance for describe. */
    static final int RECENT = 5;

    /** The probe of one running process. */
    private static final class Probe {
        final Instance inst;
        final ExitWatcher.Watch run;
        final Instant spawnedAt;
        final Map<String, String> env;
        HealthCheck check;
        /** The check for this instance, its templates filled once (the env does not change while the process runs); or why it cannot run. */
        ProbeTarget target;
        String unusable;
        /** How its results' messages begin ({@code GET http://127.0.0.1:3001/health}). */
        String label;
        /** For an HTTP or TCP probe: the probe, which keeps its connection between runs; null for exec. */
        NetProbe net;
        ProbeState state = ProbeState.initial();
        /** The tick its next probe is due at ({@link #ticks}), or -1. */
        long dueAt = -1;
        Attempt attempt;

        Probe(Instance inst, Instant spawnedAt, Map<String, String> env) {
            this.inst = inst;
            this.run = inst.running;
            this.spawnedAt = spawnedAt;
            this.env = env;
        }

        /** Takes a check: its target for this instance, filled now, and its network probe (the previous one closed, or by its attempt's end). */
        void use(HealthCheck c, NetworkProbes network) {
            check = c;
            if (net != null && attempt == null) net.close();
            net = null;
            try {
                target = ProbeTarget.of(c, env);
                unusable = null;
                label = target.label();
                net = network.probe(target, c.timeoutMs());
            } catch (IllegalArgumentException e) {
                target = null;
                unusable = e.getMessage();
                label = "health";
            }
        }
    }

    /** One probe on its way: the first of its answer and its timeout ends it. */
    private static final class Attempt {
        final Probe probe;
        final HealthCheck check;
        final ProbeTarget target;
        final NetProbe net;
        final Instant at;
        final long startNanos = System.nanoTime();
        final String label;
        boolean done;
        ScheduledFuture<?> deadline;
        long pid;

        Attempt(Probe probe, Instant at) {
            this.probe = probe;
            this.check = probe.check;
            this.target = probe.target;
            this.net = probe.net;
            this.label = probe.label;
            this.at = at;
        }
    }

    private final Apps apps;
    private final EventBus bus;
    private final Fire fire;
    private final Spawner spawner;
    private final ExitWatcher exits;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    private final Consumer<String> log;
    private final Map<String, String> inherited;
    private final String home;

    // owned by the loop
    private final Map<Instance, Probe> probes = new HashMap<>();
    private final ArrayDeque<Probe> waiting = new ArrayDeque<>();
    /** The probes due at each tick (a clock's milliseconds, on {@link ProbeSchedule#TICK_MS}'s grid): one timer per tick, not per probe. */
    private final Map<Long, List<Probe>> ticks = new HashMap<>();
    private int inFlight;
    private final NetworkProbes network = new NetworkProbes();

    HealthProbes(Apps apps, EventBus bus, Fire fire, Spawner spawner, ExitWatcher exits, ScheduledExecutorService timers,
                 Consumer<Runnable> post, Map<String, String> daemonEnv, String home, Consumer<String> log) {
        this.apps = apps;
        this.bus = bus;
        this.fire = fire;
        this.spawner = spawner;
        this.exits = exits;
        this.timers = timers;
        this.post = post;
        this.log = log;
        this.inherited = ChildEnv.inherited(daemonEnv);
        this.home = home;
        bus.subscribe(this::on);
    }

    /** A new daemon's restore: the instances it adopted are probed as if just spawned (their health is not saved). */
    void adopted(List<Instance> instances) {
        for (Instance i : instances) {
            if (i.running != null) start(i);
        }
    }

    private void on(DaemonEvent event, App app, Instance inst) {
        switch (event) {
            case DaemonEvent.Spawned e -> start(inst);
            // a stop or a drain has begun: what the probe says no longer matters
            case DaemonEvent.StopRequested e -> stop(inst);
            case DaemonEvent.Draining e -> stop(inst);
            case DaemonEvent.Exited e -> ended(inst);
            case DaemonEvent.Deleted e -> ended(inst);
            case DaemonEvent.AppUpdated e when !e.change().equals("scaled") -> app.instances.forEach(this::redefined);
            default -> {}
        }
    }

    /** Starts probing the running process of {@code inst}, as {@code starting}; none if its app has no probe. */
    private void start(Instance inst) {
        stop(inst);
        inst.probes.clear();
        HealthCheck check = inst.app.spec.supervision().health().health();
        if (check == null || inst.running == null) {
            inst.health = null;
            return;
        }
        Instant spawnedAt = inst.state.startedAt() != null ? inst.state.startedAt() : apps.clock().instant();
        Probe p = new Probe(inst, spawnedAt, envOf(inst));
        p.use(check, network);
        inst.health = p.state.status();
        probes.put(inst, p);
        schedule(p, ProbeSchedule.firstDelayMs(check.intervalMs(), ThreadLocalRandom.current().nextDouble()));
    }

    /** Stops probing {@code inst}; a probe on its way ends unheard. Its health stays what it was until the process ends. */
    private void stop(Instance inst) {
        Probe p = probes.remove(inst);
        if (p == null) return;
        p.dueAt = -1;
        waiting.remove(p);
        if (p.net != null && p.attempt == null) p.net.close(); // else once the attempt ends
    }

    /** The process ended (or the instance is gone): no health. */
    private void ended(Instance inst) {
        stop(inst);
        inst.health = null;
    }

    /**
     * The app's definition changed without a restart: a probe added starts (starting), a probe
     * removed stops (no health), a changed one takes effect from its next run, the health so far
     * kept and its count of failures started over.
     */
    private void redefined(Instance inst) {
        HealthCheck check = inst.app.spec.supervision().health().health();
        Probe p = probes.get(inst);
        if (p == null) {
            boolean runs = inst.state.status() == Status.ONLINE || inst.state.status() == Status.LAUNCHING;
            if (check != null && inst.running != null && runs) start(inst);
        } else if (check == null) {
            ended(inst);
            inst.probes.clear();
        } else if (!check.equals(p.check)) {
            p.use(check, network);
            p.state = new ProbeState(p.state.status(), 0, p.state.everHealthy());
            if (p.dueAt >= 0) {
                schedule(p, ProbeSchedule.firstDelayMs(check.intervalMs(), ThreadLocalRandom.current().nextDouble()));
            }
        }
    }

    /** The environment the instance's process got (ChildEnv, as at its spawn): the templates' variables, an exec probe's env. */
    private Map<String, String> envOf(Instance inst) {
        Map<String, String> user = new TreeMap<>();
        try {
            RunAsShim.planFor(inst.app.spec).applyTo(user);
        } catch (SpecException e) {
            // its spawn said why; the probe runs with the daemon's HOME
        }
        return ChildEnv.of(inherited, user, inst.app.spec, inst.index, inst.id, home, w -> {});
    }

    /** Puts the probe's next run on its tick; the first probe of a tick sets the tick's timer. */
    private void schedule(Probe p, long delayMs) {
        long now = System.nanoTime() / 1_000_000;
        long at = now + ProbeSchedule.onTick(now, delayMs, ProbeSchedule.TICK_MS);
        p.dueAt = at;
        List<Probe> due = ticks.get(at);
        if (due == null) {
            ticks.put(at, due = new ArrayList<>());
            timers.schedule(() -> post.accept(() -> tick(at)), at - now, TimeUnit.MILLISECONDS);
        }
        due.add(p);
    }

    /** The probes due at tick {@code at}: those still due then (not stopped or rescheduled meanwhile). */
    private void tick(long at) {
        for (Probe p : ticks.remove(at)) {
            if (p.dueAt != at) continue;
            p.dueAt = -1;
            due(p);
        }
    }

    private boolean current(Probe p) {
        return probes.get(p.inst) == p && p.inst.running == p.run;
    }

    private void due(Probe p) {
        // one probe of an instance at a time (a changed check reschedules the next one)
        if (!current(p) || p.attempt != null || waiting.contains(p)) return;
        if (inFlight >= MAX_IN_FLIGHT) {
            waiting.add(p);
            return;
        }
        begin(p);
    }

    private void begin(Probe p) {
        inFlight++;
        Attempt a = new Attempt(p, apps.clock().instant());
        p.attempt = a;
        ProbeTarget target = a.target;
        if (target == null) {
            finish(a, false, p.unusable, System.nanoTime());
            return;
        }
        long timeout = a.check.timeoutMs();
        a.deadline = timers.schedule(() -> post.accept(() -> finish(a, false, ProbeTarget.timedOut(timeout), System.nanoTime())),
                timeout, TimeUnit.MILLISECONDS);
        try {
            if (target instanceof ProbeTarget.Exec x) exec(a, x);
            else a.net.start((passed, message, end) -> post.accept(() -> finish(a, passed, message, end)));
        } catch (IOException | RuntimeException e) {
            finish(a, false, ProbeTarget.failure(e, timeout), System.nanoTime());
        }
    }

    /** On the loop: spawns the command (app's env and cwd, as the app's user; no shell) and hands it to the exit watcher. */
    private void exec(Attempt a, ProbeTarget.Exec x) throws IOException {
        Instance inst = a.probe.inst;
        Path cwd = Path.of(inst.app.spec.launch().cwd());
        if (!Files.isDirectory(cwd)) cwd = Path.of("/");
        List<String> argv = new ArrayList<>(x.argv());
        String program = argv.getFirst();
        if (!program.contains("/")) {
            argv.set(0, ScriptFiles.onPath(program, a.probe.env.get("PATH")).map(Path::toString)
                    .orElseThrow(() -> new IOException("'" + program + "' is not a command on the app's PATH")));
        }
        argv = RunAsShim.planFor(inst.app.spec).wrap(argv);
        long pid = spawner.spawnProbe(argv, cwd, a.probe.env);
        a.pid = pid;
        try {
            exits.watchChild(pid, (w, exit) -> {
                long end = System.nanoTime();
                post.accept(() -> execEnded(a, exit, end));
            });
        } catch (IOException e) {
            Signals.signalGroup(pid, "SIGKILL"); // unwatched, its timeout could not be kept
            throw e;
        }
    }

    /** On the loop, once an exec probe's process ended: what it left in its group is killed (one command, as a hook). */
    private void execEnded(Attempt a, ExitWatcher.Exit exit, long end) {
        if (Signals.groupExists(a.pid)) Signals.signalGroup(a.pid, "SIGKILL");
        boolean passed = Integer.valueOf(0).equals(exit.code());
        finish(a, passed, exit.code() != null ? "exit code " + exit.code() : "killed by " + exit.signal(), end);
    }

    /** On the loop: the attempt's outcome, unless it ended already (its answer and its timeout race). */
    private void finish(Attempt a, boolean passed, String message, long endNanos) {
        if (a.done) return;
        a.done = true;
        if (a.deadline != null) a.deadline.cancel(false);
        if (a.net != null) {
            a.net.abort(); // a timeout: the probe on its way is given up (after an answer there is none)
            if (a.net != a.probe.net || !current(a.probe)) a.net.close(); // the instance is probed another way now, or not at all
        }
        if (a.pid > 0 && !passed && Signals.groupExists(a.pid)) Signals.signalGroup(a.pid, "SIGKILL");
        inFlight--;
        Probe p = a.probe;
        if (p.attempt == a) p.attempt = null;
        if (current(p)) conclude(p, a, passed, message, Math.max(0, (endNanos - a.startNanos) / 1_000_000));
        while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
            Probe w = waiting.poll();
            if (current(w)) begin(w);
        }
    }

    private void conclude(Probe p, Attempt a, boolean passed, String message, long tookMs) {
        Instance inst = p.inst;
        if (inst.probes.size() == RECENT) inst.probes.removeFirst();
        inst.probes.addLast(new ProbeRecord(a.at, passed, tookMs, message));
        HealthCheck check = p.check;
        boolean starting = ProbeSchedule.inStartPeriod(Duration.between(p.spawnedAt, a.at).toMillis(), check.startPeriodMs());
        ProbeState before = p.state;
        p.state = before.after(passed, starting, check.retries());
        inst.health = p.state.status();
        schedule(p, ProbeSchedule.nextDelayMs(check.intervalMs(), tookMs));
        if (before.status() == p.state.status() && p.state.status() != HealthStatus.UNHEALTHY) return;
        String what = a.label + ": " + message;
        if (before.status() != p.state.status()) {
            log.accept(inst.app.spec.name() + "#" + inst.index + " (id " + inst.id + "): health " + before.status().wire() + " -> "
                    + p.state.status().wire() + " (" + what + ")");
            bus.publish(new DaemonEvent.Health(Apps.subject(inst), apps.clock().instant(), what, before.status().wire(),
                    p.state.status().wire()), inst.app, inst);
        }
        // on every failed probe while unhealthy: on_unhealthy may have been turned to restart since
        if (p.state.status() == HealthStatus.UNHEALTHY && check.restarts() && current(p)) {
            fire.fire(inst, new Lifecycle.Event.Unhealthy(what, p.state.everHealthy()));
        }
    }
}
