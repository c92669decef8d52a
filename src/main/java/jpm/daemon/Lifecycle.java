package jpm.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The per-instance state machine as a pure function: {@code on(state, event, policy)} returns the
 * next state and the effects the supervisor must carry out. No processes, clocks or threads:
 * every state x event pair is decided here and tested in LifecycleTest (docs/states.md). The
 * transitions around a spawn (waiting, launching, awaiting readiness) are in {@link LifecycleLaunch}.
 */
public final class Lifecycle {
    private Lifecycle() {}

    /** What to do once a stop has finished. */
    public enum After {
        STAY_STOPPED,
        START_AGAIN,
        /** A stop arrived while launching: carry it out as soon as the process exists. */
        STOP_ONCE_SPAWNED,
        /** The process failed (not ready in time): once it is gone the instance is errored, with the state's reason. */
        FAIL,
        /**
         * The process was unhealthy: once it is gone the instance is started again after the
         * restart delay of its unstable runs, as after a crash (the state's reason says why).
         */
        RESTART_AFTER_DELAY
    }

    /**
     * @param startedAt when the current process was spawned (null unless launching/online/stopping)
     * @param after what to do once stopped (meaningful in LAUNCHING and STOPPING)
     * @param reason why the instance is errored or stopped by itself, for describe
     * @param nextRestartAt when a waiting-restart instance will be started again (else null)
     */
    public record State(Status status, int restarts, int unstableRestarts, Instant startedAt, After after,
                        Integer exitCode, String exitSignal, String reason, Instant nextRestartAt) {
        public static State initial() {
            return new State(Status.STOPPED, 0, 0, null, After.STAY_STOPPED, null, null, null, null);
        }

        /**
         * The state {@code next} with this one's counters and last exit; no process start time,
         * {@code after} STAY_STOPPED, no reason, no restart scheduled. The {@code with…} methods set the rest.
         */
        State to(Status next) {
            return new State(next, restarts, unstableRestarts, null, After.STAY_STOPPED, exitCode, exitSignal, null, null);
        }

        State withAfter(After a) {
            return new State(status, restarts, unstableRestarts, startedAt, a, exitCode, exitSignal, reason, nextRestartAt);
        }

        State withStartedAt(Instant at) {
            return new State(status, restarts, unstableRestarts, at, after, exitCode, exitSignal, reason, nextRestartAt);
        }

        State withReason(String why) {
            return new State(status, restarts, unstableRestarts, startedAt, after, exitCode, exitSignal, why, nextRestartAt);
        }

        State withExit(Integer code, String signal) {
            return new State(status, restarts, unstableRestarts, startedAt, after, code, signal, reason, nextRestartAt);
        }

        State withCounters(int restartCount, int unstableCount) {
            return new State(status, restartCount, unstableCount, startedAt, after, exitCode, exitSignal, reason, nextRestartAt);
        }

        State withNextRestartAt(Instant at) {
            return new State(status, restarts, unstableRestarts, startedAt, after, exitCode, exitSignal, reason, at);
        }

        /** {@code jpm reset}: counters back to zero, nothing else changes. */
        public State resetCounters() {
            return new State(status, 0, 0, startedAt, after, exitCode, exitSignal, reason, nextRestartAt);
        }
    }

    /** The longest delay exponential backoff grows to. */
    public static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
    /** The first backoff delay when exp_backoff_restart_delay is not set. */
    public static final Duration BACKOFF_FIRST = Duration.ofMillis(100);

    /**
     * The restart and stop policy of an app (from its spec).
     *
     * @param restartDelay fixed delay before a restart; zero means exponential backoff instead
     * @param backoffFirst the first delay of exponential backoff (doubles per unstable run, up to {@link #BACKOFF_CAP})
     * @param stopExitCodes exit codes after which the app is not restarted
     * @param readyTimeout null: online once spawned; else launching until the app says it is
     *     ready (wait_ready, or a Node cluster app listening), a failure after this long
     */
    public record Policy(boolean autorestart, int maxRestarts, Duration minUptime, Duration restartDelay,
                         Duration backoffFirst, java.util.Set<Integer> stopExitCodes, String stopSignal, Duration killTimeout,
                         Duration readyTimeout) {
        public Policy {
            stopExitCodes = java.util.Set.copyOf(stopExitCodes);
        }
    }

    /**
     * The delay before restart number {@code unstableRuns} in a row: the fixed restart_delay when
     * set; else none after a stable run (as PM2's default restart_delay 0), and backoff that
     * doubles with each unstable run in a row.
     */
    public static Duration restartDelay(Policy p, int unstableRuns) {
        if (!p.restartDelay().isZero()) return p.restartDelay();
        if (unstableRuns == 0) return Duration.ZERO;
        int doublings = Math.max(0, Math.min(unstableRuns - 1, 30));
        long ms = p.backoffFirst().toMillis() << doublings;
        return ms <= 0 || ms > BACKOFF_CAP.toMillis() ? BACKOFF_CAP : Duration.ofMillis(ms);
    }

    public sealed interface Event {
        /** A start of an instance that does not run: new app, scale up, resume. */
        record Start(String cause) implements Event {}

        /** cause: who asked: user, apply, cron, watch: PATH, memory. */
        record RestartRequested(String cause) implements Event {}

        record StopRequested(String cause) implements Event {}

        /** The process was spawned at {@code at}. */
        record Spawned(Instant at) implements Event {}

        record SpawnFailed(String reason) implements Event {}

        /** The instance's main process exited (code, or the signal that killed it). */
        record Exited(Integer code, String signal, Instant at) implements Event {}

        /** After the main process exited during a stop: no live process is left in its group. */
        record GroupGone() implements Event {}

        /** kill_timeout passed since the stop signal. */
        record KillDeadline() implements Event {}

        /** The restart delay has passed. */
        record RestartDue() implements Event {}

        /** The process said it is ready (sd_notify READY=1, process.send('ready'), or listening). */
        record Ready() implements Event {}

        /** listen_timeout passed since the spawn without readiness. */
        record ReadyDeadline() implements Event {}

        /**
         * Retire a running instance gracefully (reload: its replacement serves already): ask it to
         * drain, then SIGKILL after kill_timeout; an exit meanwhile is the end, not a crash.
         */
        record DrainRequested(String cause) implements Event {}

        /**
         * The health probe found the process unhealthy and the app restarts such processes
         * (on_unhealthy: restart).
         *
         * @param what what failed ({@code GET http://127.0.0.1:3001/health: HTTP 500})
         * @param everHealthy whether a probe passed since the spawn; if not, the restart is an unstable one
         */
        record Unhealthy(String what, boolean everHealthy) implements Event {}
        /** Every dependency of a waiting instance's app meets its condition now (DependencyGate). */
        record DependenciesMet() implements Event {}
    }

    public sealed interface Effect {
        record Spawn() implements Effect {}

        record SignalGroup(String signal) implements Effect {}

        record ScheduleKillDeadline(Duration after) implements Effect {}

        record ScheduleRestart(Duration after) implements Effect {}

        /** Watch the process group and deliver GroupGone once no live member is left. */
        record AwaitGroupGone() implements Effect {}

        /** SIGKILL whatever the crashed main process left behind in its group. */
        record KillLeftovers() implements Effect {}

        record ScheduleReadyDeadline(Duration after) implements Effect {}

        /** Ask the process to drain: a message over its IPC channel if it has one, else stop_signal. */
        record Drain() implements Effect {}
    }

    public record Transition(State next, List<Effect> effects) {
        static Transition stay(State s) {
            return new Transition(s, List.of());
        }
    }

    public static Transition on(State s, Event event, Policy p) {
        return switch (s.status()) {
            case STOPPED, ERRORED -> switch (event) {
                case Event.Start e -> launch(s, 0, false);
                case Event.RestartRequested e -> launch(s, 0, true);
                case Event.StopRequested e -> Transition.stay(s);
                // no process exists in these states: late or stray events change nothing
                case Event.Spawned e -> Transition.stay(s);
                case Event.SpawnFailed e -> Transition.stay(s);
                case Event.Exited e -> Transition.stay(s);
                case Event.GroupGone e -> Transition.stay(s);
                case Event.KillDeadline e -> Transition.stay(s);
                case Event.RestartDue e -> Transition.stay(s);
                case Event.Ready e -> Transition.stay(s);
                case Event.ReadyDeadline e -> Transition.stay(s);
                case Event.DrainRequested e -> Transition.stay(s);
                case Event.Unhealthy e -> Transition.stay(s);
                case Event.DependenciesMet e -> Transition.stay(s);
            };
            // launching with startedAt set: spawned, waiting for readiness (the process exists)
            case LAUNCHING -> s.startedAt() != null ? LifecycleLaunch.awaitingReady(s, event, p) : LifecycleLaunch.launching(s, event, p);
            case ONLINE -> switch (event) {
                case Event.StopRequested e -> stopThen(s, After.STAY_STOPPED, p);
                case Event.RestartRequested e -> stopThen(s, After.START_AGAIN, p);
                case Event.Exited e -> crashed(s, e, p);
                case Event.Start e -> Transition.stay(s);
                case Event.Spawned e -> Transition.stay(s);
                case Event.SpawnFailed e -> Transition.stay(s);
                case Event.GroupGone e -> Transition.stay(s);
                case Event.KillDeadline e -> Transition.stay(s);
                case Event.RestartDue e -> Transition.stay(s);
                case Event.Ready e -> Transition.stay(s);
                case Event.ReadyDeadline e -> Transition.stay(s);
                case Event.DrainRequested e -> new Transition(
                        s.to(Status.STOPPING).withStartedAt(s.startedAt()),
                        List.of(new Effect.Drain(), new Effect.ScheduleKillDeadline(p.killTimeout())));
                case Event.Unhealthy e -> unhealthy(s, e, p);
                case Event.DependenciesMet e -> Transition.stay(s);
            };
            case STOPPING -> switch (event) {
                case Event.StopRequested e -> Transition.stay(s.withAfter(After.STAY_STOPPED));
                case Event.RestartRequested e -> Transition.stay(s.withAfter(After.START_AGAIN));
                case Event.Start e -> Transition.stay(s.withAfter(After.START_AGAIN));
                case Event.KillDeadline e -> new Transition(s, List.of(new Effect.SignalGroup("SIGKILL")));
                case Event.Exited e -> new Transition(
                        s.to(Status.STOPPING).withStartedAt(s.startedAt()).withAfter(s.after()).withExit(e.code(), e.signal())
                                .withReason(s.reason()),
                        List.of(new Effect.AwaitGroupGone()));
                case Event.GroupGone e -> {
                    if (s.after() == After.FAIL) {
                        yield Transition.stay(s.to(Status.ERRORED).withReason(s.reason()));
                    }
                    if (s.after() == After.RESTART_AFTER_DELAY) yield restartAfterDelay(s, p);
                    State stopped = s.to(Status.STOPPED);
                    yield s.after() == After.START_AGAIN ? launch(stopped, 0, true) : Transition.stay(stopped);
                }
                case Event.Spawned e -> Transition.stay(s);
                case Event.SpawnFailed e -> Transition.stay(s);
                case Event.RestartDue e -> Transition.stay(s);
                case Event.Ready e -> Transition.stay(s);
                case Event.ReadyDeadline e -> Transition.stay(s);
                case Event.DrainRequested e -> Transition.stay(s);
                case Event.Unhealthy e -> Transition.stay(s);
                case Event.DependenciesMet e -> Transition.stay(s);
            };
            case WAITING_RESTART -> switch (event) {
                case Event.RestartDue e -> launch(s, s.unstableRestarts(), true);
                // stopped by request now, so no reason of its own (apply resumes such instances)
                case Event.StopRequested e -> Transition.stay(s.to(Status.STOPPED));
                case Event.Start e -> launch(s, 0, false);
                case Event.RestartRequested e -> launch(s, 0, true);
                case Event.Spawned e -> Transition.stay(s);
                case Event.SpawnFailed e -> Transition.stay(s);
                case Event.Exited e -> Transition.stay(s);
                case Event.GroupGone e -> Transition.stay(s);
                case Event.KillDeadline e -> Transition.stay(s);
                case Event.Ready e -> Transition.stay(s);
                case Event.ReadyDeadline e -> Transition.stay(s);
                case Event.DrainRequested e -> Transition.stay(s.to(Status.STOPPED));
                case Event.Unhealthy e -> Transition.stay(s);
                case Event.DependenciesMet e -> Transition.stay(s);
            };
            // held before its spawn until its app's dependencies meet their conditions (hold)
            case WAITING -> LifecycleLaunch.waiting(s, event);
        };
    }

    /**
     * A transition whose spawn must wait: an app's dependencies that do not meet their
     * conditions (DependencyGate decides {@code waitsFor}) turn the launch into {@code waiting},
     * with the same counters and no spawn; {@link Event.DependenciesMet} launches it later.
     * Any other transition, or {@code waitsFor} null, is returned as it is.
     *
     * @param waitsFor what the instance waits for ({@code db (healthy)}), or null when nothing
     */
    public static Transition hold(Transition t, String waitsFor) {
        if (waitsFor == null || !t.effects().contains(new Effect.Spawn())) return t;
        State next = t.next();
        return new Transition(next.to(Status.WAITING).withReason("waiting for " + waitsFor),
                t.effects().stream().filter(e -> !(e instanceof Effect.Spawn)).toList());
    }

    /**
     * The probe found the process unhealthy: it is stopped as by a restart (stop_signal, then
     * SIGKILL after kill_timeout), and started again once gone. Counted like a crash: unstable
     * when no probe passed since the spawn (else the count starts over), so an app that never
     * becomes healthy backs off and ends errored after max_restarts.
     */
    static Transition unhealthy(State s, Event.Unhealthy e, Policy p) {
        int unstable = e.everHealthy() ? 0 : s.unstableRestarts() + 1;
        State stopping = s.to(Status.STOPPING).withStartedAt(s.startedAt()).withCounters(s.restarts(), unstable);
        State next = unstable > p.maxRestarts()
                ? stopping.withAfter(After.FAIL).withReason("never healthy: " + e.what() + "; gave up after " + p.maxRestarts() + " restarts")
                : stopping.withAfter(After.RESTART_AFTER_DELAY).withReason("health: " + e.what());
        return new Transition(next, List.of(new Effect.SignalGroup(p.stopSignal()), new Effect.ScheduleKillDeadline(p.killTimeout())));
    }

    /** An unhealthy process is gone: started again at once, or after the delay of its unstable runs. */
    private static Transition restartAfterDelay(State s, Policy p) {
        Duration delay = restartDelay(p, s.unstableRestarts());
        if (delay.isZero()) return launch(s.to(Status.STOPPED), s.unstableRestarts(), true);
        return new Transition(s.to(Status.WAITING_RESTART).withReason(s.reason() + "; restarting in " + delay.toMillis() + " ms"),
                List.of(new Effect.ScheduleRestart(delay)));
    }

    static Transition launch(State s, int unstable, boolean countsAsRestart) {
        State next = s.to(Status.LAUNCHING).withCounters(s.restarts() + (countsAsRestart ? 1 : 0), unstable);
        return new Transition(next, List.of(new Effect.Spawn()));
    }

    static Transition stopThen(State s, After after, Policy p) {
        return new Transition(
                s.to(Status.STOPPING).withStartedAt(s.startedAt()).withAfter(after),
                List.of(new Effect.SignalGroup(p.stopSignal()), new Effect.ScheduleKillDeadline(p.killTimeout())));
    }

    /** The main process exited without being asked to: restart, give up, or stay stopped. */
    static Transition crashed(State s, Event.Exited e, Policy p) {
        Duration ran = Duration.between(s.startedAt(), e.at());
        boolean unstable = ran.compareTo(p.minUptime()) < 0;
        int unstableRestarts = unstable ? s.unstableRestarts() + 1 : 0;
        String how = e.signal() != null ? "killed by " + e.signal()
                : e.code() != null ? "exited with code " + e.code()
                : "exited (status unknown: adopted after a daemon restart)";
        // what every outcome keeps: the counters and this exit
        State exited = s.withCounters(s.restarts(), unstableRestarts).withExit(e.code(), e.signal());
        if (e.code() != null && p.stopExitCodes().contains(e.code())) {
            return new Transition(exited.to(Status.STOPPED).withReason(how + ", one of stop_exit_codes: not restarted"),
                    List.of(new Effect.KillLeftovers()));
        }
        if (!p.autorestart()) {
            return new Transition(exited.to(Status.STOPPED).withReason(how + " (autorestart is off)"), List.of(new Effect.KillLeftovers()));
        }
        if (unstableRestarts > p.maxRestarts()) {
            return new Transition(exited.to(Status.ERRORED).withReason(how + "; gave up after " + p.maxRestarts()
                    + " unstable restarts in a row (each ran less than min_uptime " + p.minUptime().toMillis() + " ms)"),
                    List.of(new Effect.KillLeftovers()));
        }
        Duration delay = restartDelay(p, unstableRestarts);
        return new Transition(exited.to(Status.WAITING_RESTART).withReason(how + "; restarting in " + delay.toMillis() + " ms")
                .withNextRestartAt(e.at().plus(delay)),
                List.of(new Effect.KillLeftovers(), new Effect.ScheduleRestart(delay)));
    }

    /** Why a transition happened, for the instance's history in describe. */
    public static String cause(Event e) {
        return switch (e) {
            case Event.Start s -> s.cause();
            case Event.RestartRequested r -> r.cause();
            case Event.StopRequested st -> st.cause();
            case Event.Spawned s -> "spawned";
            case Event.SpawnFailed f -> f.reason();
            case Event.Exited x -> x.signal() != null ? "signal " + x.signal() : "exit code " + x.code();
            case Event.GroupGone g -> "all processes gone";
            case Event.KillDeadline k -> "kill_timeout: SIGKILL";
            case Event.RestartDue r -> "restart delay over";
            case Event.Ready r -> "ready";
            case Event.ReadyDeadline r -> "listen_timeout: not ready";
            case Event.DrainRequested d -> d.cause();
            case Event.Unhealthy u -> "health: " + u.what();
            case Event.DependenciesMet d -> "dependencies met";
        };
    }
}
