package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jpm.Golden;
import jpm.daemon.Lifecycle.After;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.Lifecycle.Policy;
import jpm.daemon.Lifecycle.State;
import jpm.daemon.Lifecycle.Transition;
import org.junit.jupiter.api.Test;

/** The transition table of docs/states.md, one test per row (named from_event_guard_to). */
class LifecycleTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Policy POLICY = new Policy(true, 2, Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofMillis(100),
            Set.of(), "SIGINT", Duration.ofMillis(1600), null);
    static final Policy BACKOFF = new Policy(true, 16, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(100),
            Set.of(0, 3), "SIGTERM", Duration.ofMillis(1600), null);

    static State state(Status st, int restarts, int unstable, After after) {
        return new State(st, restarts, unstable, st == Status.ONLINE || st == Status.STOPPING ? T0 : null, after,
                null, null, null, null);
    }

    static State online(int restarts, int unstable) {
        return state(Status.ONLINE, restarts, unstable, After.STAY_STOPPED);
    }

    static Event.Exited exitAfter(Duration ran, Integer code, String signal) {
        return new Event.Exited(code, signal, T0.plus(ran));
    }

    // ---- stopped / errored ----

    @Test
    void stopped_start_launching_spawn() {
        Transition t = Lifecycle.on(State.initial(), new Event.Start("user"), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().restarts()).isZero();
        assertThat(t.effects()).containsExactly(new Effect.Spawn());
    }

    @Test
    void errored_restartRequested_launching_countsARestartAndForgetsUnstableRuns() {
        State errored = new State(Status.ERRORED, 5, 3, null, After.STAY_STOPPED, 1, null, "gave up", null);
        Transition t = Lifecycle.on(errored, new Event.RestartRequested("user"), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().unstableRestarts()).isZero();
        assertThat(t.next().restarts()).isEqualTo(6);
        assertThat(t.effects()).containsExactly(new Effect.Spawn());
    }

    @Test
    void stopped_strayEvents_unchanged() {
        State stopped = State.initial();
        for (Event e : List.of(new Event.Spawned(T0), new Event.Exited(0, null, T0), new Event.GroupGone(),
                new Event.KillDeadline(), new Event.RestartDue(), new Event.StopRequested("user"))) {
            Transition t = Lifecycle.on(stopped, e, POLICY);
            assertThat(t.next()).as(e.toString()).isEqualTo(stopped);
            assertThat(t.effects()).isEmpty();
        }
    }

    // ---- launching ----

    @Test
    void launching_spawned_online() {
        State launching = Lifecycle.on(State.initial(), new Event.Start("user"), POLICY).next();
        Transition t = Lifecycle.on(launching, new Event.Spawned(T0), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.ONLINE);
        assertThat(t.next().startedAt()).isEqualTo(T0);
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void launching_spawnFailed_errored_withTheReason() {
        State launching = Lifecycle.on(State.initial(), new Event.Start("user"), POLICY).next();
        Transition t = Lifecycle.on(launching, new Event.SpawnFailed("spawn failed: no such file"), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.ERRORED);
        assertThat(t.next().reason()).isEqualTo("spawn failed: no such file");
    }

    @Test
    void launching_stopRequested_thenSpawned_stopping() {
        State launching = Lifecycle.on(State.initial(), new Event.Start("user"), POLICY).next();
        State marked = Lifecycle.on(launching, new Event.StopRequested("user"), POLICY).next();
        assertThat(marked.after()).isEqualTo(After.STOP_ONCE_SPAWNED);
        Transition spawned = Lifecycle.on(marked, new Event.Spawned(T0), POLICY);
        assertThat(spawned.next().status()).isEqualTo(Status.STOPPING);
        assertThat(spawned.effects()).containsExactly(new Effect.SignalGroup("SIGINT"), new Effect.ScheduleKillDeadline(Duration.ofMillis(1600)));
    }

    // ---- online ----

    @Test
    void online_stopRequested_stopping_signalsGroupAndArmsKillDeadline() {
        Transition t = Lifecycle.on(online(0, 0), new Event.StopRequested("user"), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().after()).isEqualTo(After.STAY_STOPPED);
        assertThat(t.effects()).containsExactly(new Effect.SignalGroup("SIGINT"), new Effect.ScheduleKillDeadline(Duration.ofMillis(1600)));
    }

    @Test
    void online_restartRequested_stopping_thenStartAgain() {
        Transition t = Lifecycle.on(online(3, 0), new Event.RestartRequested("cron"), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().after()).isEqualTo(After.START_AGAIN);
    }

    @Test
    void online_exitedAfterMinUptime_waitingRestart_unstableReset() {
        Transition t = Lifecycle.on(online(0, 1), exitAfter(Duration.ofSeconds(10), 1, null), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.WAITING_RESTART);
        assertThat(t.next().unstableRestarts()).isZero();
        assertThat(t.next().exitCode()).isEqualTo(1);
        assertThat(t.next().nextRestartAt()).isEqualTo(T0.plusSeconds(10).plusMillis(250));
        assertThat(t.effects()).containsExactly(new Effect.KillLeftovers(), new Effect.ScheduleRestart(Duration.ofMillis(250)));
    }

    @Test
    void online_exitedUnstable_belowMaxRestarts_waitingRestart() {
        Transition t = Lifecycle.on(online(0, 1), exitAfter(Duration.ofMillis(100), 2, null), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.WAITING_RESTART);
        assertThat(t.next().unstableRestarts()).isEqualTo(2);
    }

    @Test
    void online_exitedUnstable_aboveMaxRestarts_errored_withReason() {
        Transition t = Lifecycle.on(online(2, 2), exitAfter(Duration.ofMillis(100), 2, null), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.ERRORED);
        assertThat(t.next().reason()).contains("exited with code 2").contains("gave up after 2 unstable restarts");
        assertThat(t.effects()).containsExactly(new Effect.KillLeftovers());
    }

    @Test
    void online_exitedWithAStopExitCode_stopped_notRestarted() {
        Transition t = Lifecycle.on(online(0, 0), exitAfter(Duration.ofSeconds(5), 3, null), BACKOFF);
        assertThat(t.next().status()).isEqualTo(Status.STOPPED);
        assertThat(t.next().reason()).contains("stop_exit_codes");
        assertThat(t.effects()).containsExactly(new Effect.KillLeftovers());
        Transition other = Lifecycle.on(online(0, 0), exitAfter(Duration.ofSeconds(5), 4, null), BACKOFF);
        assertThat(other.next().status()).isEqualTo(Status.WAITING_RESTART);
        Transition bySignal = Lifecycle.on(online(0, 0), exitAfter(Duration.ofSeconds(5), null, "SIGKILL"), BACKOFF);
        assertThat(bySignal.next().status()).as("a signal is not an exit code").isEqualTo(Status.WAITING_RESTART);
    }

    @Test
    void online_exited_autorestartOff_stopped() {
        Policy off = new Policy(false, 2, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(100), Set.of(), "SIGTERM", Duration.ofSeconds(1), null);
        Transition t = Lifecycle.on(online(0, 0), exitAfter(Duration.ofSeconds(3), 0, null), off);
        assertThat(t.next().status()).isEqualTo(Status.STOPPED);
        assertThat(t.next().reason()).contains("autorestart is off");
    }

    // ---- stopping ----

    @Test
    void stopping_killDeadline_stopping_sigkillToTheGroup() {
        State stopping = state(Status.STOPPING, 0, 0, After.STAY_STOPPED);
        Transition t = Lifecycle.on(stopping, new Event.KillDeadline(), POLICY);
        assertThat(t.next()).isEqualTo(stopping);
        assertThat(t.effects()).containsExactly(new Effect.SignalGroup("SIGKILL"));
    }

    @Test
    void stopping_exited_stopping_awaitsTheWholeGroup() {
        State stopping = state(Status.STOPPING, 0, 0, After.STAY_STOPPED);
        Transition t = Lifecycle.on(stopping, new Event.Exited(null, "SIGTERM", T0.plusSeconds(1)), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().exitSignal()).isEqualTo("SIGTERM");
        assertThat(t.effects()).containsExactly(new Effect.AwaitGroupGone());
    }

    @Test
    void stopping_groupGone_stopped() {
        Transition t = Lifecycle.on(state(Status.STOPPING, 0, 0, After.STAY_STOPPED), new Event.GroupGone(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPED);
        assertThat(t.next().reason()).as("stopped by request: no reason of its own").isNull();
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void stopping_groupGone_startAgain_launching_countsARestart() {
        Transition t = Lifecycle.on(state(Status.STOPPING, 3, 0, After.START_AGAIN), new Event.GroupGone(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().restarts()).isEqualTo(4);
        assertThat(t.effects()).containsExactly(new Effect.Spawn());
    }

    @Test
    void stopping_restartOrStopRequested_changesOnlyWhatComesAfter() {
        State stopping = state(Status.STOPPING, 0, 0, After.STAY_STOPPED);
        assertThat(Lifecycle.on(stopping, new Event.RestartRequested("user"), POLICY).next().after()).isEqualTo(After.START_AGAIN);
        State restarting = state(Status.STOPPING, 0, 0, After.START_AGAIN);
        assertThat(Lifecycle.on(restarting, new Event.StopRequested("user"), POLICY).next().after()).isEqualTo(After.STAY_STOPPED);
    }

    // ---- waiting-restart ----

    @Test
    void waitingRestart_restartDue_launching_countsARestartKeepsUnstableRuns() {
        State waiting = Lifecycle.on(online(0, 1), exitAfter(Duration.ofMillis(10), 1, null), POLICY).next();
        Transition t = Lifecycle.on(waiting, new Event.RestartDue(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().restarts()).isEqualTo(1);
        assertThat(t.next().unstableRestarts()).isEqualTo(2);
        assertThat(t.next().nextRestartAt()).isNull();
    }

    @Test
    void waitingRestart_stopRequested_stopped_noReasonAndNoPendingRestart() {
        State waiting = Lifecycle.on(online(0, 0), exitAfter(Duration.ofSeconds(3), 1, null), POLICY).next();
        State stopped = Lifecycle.on(waiting, new Event.StopRequested("user"), POLICY).next();
        assertThat(stopped.status()).isEqualTo(Status.STOPPED);
        assertThat(stopped.reason()).isNull();
        assertThat(stopped.nextRestartAt()).isNull();
        assertThat(Lifecycle.on(stopped, new Event.RestartDue(), POLICY).next()).isEqualTo(stopped);
    }

    // ---- backoff ----

    @Test
    void backoffDoublesFromTheFirstDelayUpToThirtySeconds() {
        assertThat(List.of(1, 2, 3, 4, 5, 9, 10, 11, 16, 40).stream().map(n -> Lifecycle.restartDelay(BACKOFF, n).toMillis()).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 25_600L, 30_000L, 30_000L, 30_000L, 30_000L);
        assertThat(Lifecycle.restartDelay(BACKOFF, 0)).as("after a stable run: at once, as PM2").isEqualTo(Duration.ZERO);
        Policy slowStart = new Policy(true, 16, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2), Set.of(), "SIGTERM", Duration.ZERO, null);
        assertThat(Lifecycle.restartDelay(slowStart, 3).toMillis()).isEqualTo(8000);
        assertThat(Lifecycle.restartDelay(POLICY, 7)).as("a fixed restart_delay wins").isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void crashLoopWaitsLongerEachTimeThenErrs() {
        Policy p = new Policy(true, 3, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(100), Set.of(), "SIGTERM", Duration.ZERO, null);
        State s = online(0, 0);
        List<Long> delays = new java.util.ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            Transition crash = Lifecycle.on(s, exitAfter(Duration.ofMillis(50), 1, null), p);
            assertThat(crash.next().status()).isEqualTo(Status.WAITING_RESTART);
            delays.add(((Effect.ScheduleRestart) crash.effects().get(1)).after().toMillis());
            State launching = Lifecycle.on(crash.next(), new Event.RestartDue(), p).next();
            s = Lifecycle.on(launching, new Event.Spawned(T0), p).next();
        }
        assertThat(delays).containsExactly(100L, 200L, 400L);
        assertThat(Lifecycle.on(s, exitAfter(Duration.ofMillis(50), 1, null), p).next().status()).isEqualTo(Status.ERRORED);
    }

    // ---- the whole table ----

    /**
     * Every pair, including states the daemon never builds (an errored instance with a stop
     * pending): what {@code Lifecycle.on} does, one line per pair, compared with
     * src/test/resources/golden/lifecycle-every-pair.txt. After a deliberate change of the state
     * machine, {@code -Djpm.golden.update=true} writes the file anew (then read the diff).
     */
    @Test
    void everyStateAndEventPairDoesWhatTheGoldenFileSays() {
        List<Event> events = List.of(new Event.Start("u"), new Event.RestartRequested("u"), new Event.StopRequested("u"),
                new Event.Spawned(T0), new Event.SpawnFailed("x"), new Event.Exited(0, null, T0.plusSeconds(1)),
                new Event.GroupGone(), new Event.KillDeadline(), new Event.RestartDue(), new Event.Ready(),
                new Event.ReadyDeadline(), new Event.DrainRequested("reload"), new Event.Unhealthy("tcp 127.0.0.1:1: connection refused", false),
                new Event.DependenciesMet());
        assertThat(events).hasSize(Event.class.getPermittedSubclasses().length);
        StringBuilder pairs = new StringBuilder();
        for (Status st : Status.values()) {
            for (After after : After.values()) {
                for (Policy p : List.of(POLICY, READY)) {
                    // launching without startedAt: no process yet; with it: spawned, waiting for readiness
                    for (Instant started : st == Status.LAUNCHING ? java.util.Arrays.asList(T0, null) : List.of(T0)) {
                        State s = new State(st, 1, 1, started, after, null, null, null, null);
                        String label = st.wire() + ", after " + after + (started == null ? ", no process" : "")
                                + (p.readyTimeout() == null ? "" : ", wait_ready");
                        for (Event e : events) {
                            pairs.append(label).append(" × ").append(e.getClass().getSimpleName()).append(": ")
                                    .append(LifecycleTable.cell(s, e, p)).append('\n');
                            assertThat(Lifecycle.cause(e)).isNotBlank();
                        }
                    }
                }
            }
        }
        Golden.assertFile(java.nio.file.Path.of("src/test/resources/golden/lifecycle-every-pair.txt"), pairs.toString());
    }

    // ---- waiting (dependencies, Lifecycle.hold) ----

    static State waiting(int restarts, int unstable) {
        return new State(Status.WAITING, restarts, unstable, null, After.STAY_STOPPED, 1, null, "waiting for db (started)", null);
    }

    @Test
    void hold_aLaunchWhileDependenciesDoNotHold_waitingWithoutSpawn() {
        Transition t = Lifecycle.hold(Lifecycle.on(State.initial(), new Event.Start("user"), POLICY), "db (healthy)");
        assertThat(t.next().status()).isEqualTo(Status.WAITING);
        assertThat(t.next().reason()).isEqualTo("waiting for db (healthy)");
        assertThat(t.next().restarts()).isZero();
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void hold_aRestartAfterTheStop_waitingWithTheRestartCounted() {
        State stopping = state(Status.STOPPING, 2, 0, After.START_AGAIN);
        Transition t = Lifecycle.hold(Lifecycle.on(stopping, new Event.GroupGone(), POLICY), "db (started)");
        assertThat(t.next().status()).isEqualTo(Status.WAITING);
        assertThat(t.next().restarts()).isEqualTo(3);
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void hold_nothingToWaitFor_orNoSpawn_unchanged() {
        Transition launch = Lifecycle.on(State.initial(), new Event.Start("user"), POLICY);
        assertThat(Lifecycle.hold(launch, null)).isEqualTo(launch);
        Transition stop = Lifecycle.on(online(0, 0), new Event.StopRequested("user"), POLICY);
        assertThat(Lifecycle.hold(stop, "db (started)")).isEqualTo(stop);
    }

    @Test
    void waiting_dependenciesMet_launching_spawnNoRestartCounted() {
        Transition t = Lifecycle.on(waiting(3, 1), new Event.DependenciesMet(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().restarts()).isEqualTo(3);
        assertThat(t.next().unstableRestarts()).isEqualTo(1);
        assertThat(t.next().reason()).isNull();
        assertThat(t.effects()).containsExactly(new Effect.Spawn());
    }

    @Test
    void waiting_dependenciesStillUnmet_waitingWithTheReasonOfNow() {
        Transition t = Lifecycle.hold(Lifecycle.on(waiting(0, 0), new Event.DependenciesMet(), POLICY), "db (healthy)");
        assertThat(t.next().status()).isEqualTo(Status.WAITING);
        assertThat(t.next().reason()).isEqualTo("waiting for db (healthy)");
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void waiting_startOrRestart_launchingAgainUnderTheGate() {
        for (Event e : List.of(new Event.Start("apply"), new Event.RestartRequested("user"))) {
            Transition t = Lifecycle.on(waiting(2, 0), e, POLICY);
            assertThat(t.next().status()).as(e.toString()).isEqualTo(Status.LAUNCHING);
            assertThat(t.next().restarts()).as(e.toString()).isEqualTo(2);
        }
    }

    @Test
    void waiting_stopOrDrain_stoppedWithoutReason() {
        for (Event e : List.of(new Event.StopRequested("user"), new Event.DrainRequested("reload"))) {
            Transition t = Lifecycle.on(waiting(0, 0), e, POLICY);
            assertThat(t.next().status()).as(e.toString()).isEqualTo(Status.STOPPED);
            assertThat(t.next().reason()).isNull();
            assertThat(t.effects()).isEmpty();
        }
    }

    @Test
    void waiting_strayEvents_unchanged() {
        State w = waiting(0, 0);
        for (Event e : List.of(new Event.Spawned(T0), new Event.SpawnFailed("x"), new Event.Exited(0, null, T0), new Event.GroupGone(),
                new Event.KillDeadline(), new Event.RestartDue(), new Event.Ready(), new Event.ReadyDeadline())) {
            assertThat(Lifecycle.on(w, e, POLICY)).as(e.toString()).isEqualTo(new Transition(w, List.of()));
        }
    }

    @Test
    void dependenciesMet_inAnyOtherState_unchanged() {
        for (Status st : Status.values()) {
            if (st == Status.WAITING) continue;
            State s = state(st, 0, 0, After.STAY_STOPPED);
            assertThat(Lifecycle.on(s, new Event.DependenciesMet(), POLICY).next()).as(st.toString()).isEqualTo(s);
        }
    }

    /**
     * docs/states.md's state × event table is what Lifecycle does, cell by cell. After a deliberate
     * change of the state machine, {@code bin/mvn test -Dtest=LifecycleTest -Djpm.golden.update=true}
     * writes the table anew (then read the diff).
     */
    @Test
    void theStatesDocumentsTableIsTheStateMachine() {
        Golden.assertSection(java.nio.file.Path.of("docs/states.md"), "lifecycle-table", LifecycleTable.render());
        assertThat(LifecycleTable.EVENTS.stream().map(e -> e.getClass().getName()).sorted().toList()).as("a column per event")
                .isEqualTo(java.util.Arrays.stream(Event.class.getPermittedSubclasses()).map(Class::getName).sorted().toList());
    }

    // ---- health (on_unhealthy: restart) ----

    static final Event.Unhealthy NEVER = new Event.Unhealthy("GET http://127.0.0.1:3001/health: HTTP 500", false);
    static final Event.Unhealthy WAS_HEALTHY = new Event.Unhealthy("GET http://127.0.0.1:3001/health: connection refused", true);

    @Test
    void online_unhealthy_stopping_signalsGroupThenRestartsAfterDelay() {
        Transition t = Lifecycle.on(online(3, 1), WAS_HEALTHY, POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().after()).isEqualTo(After.RESTART_AFTER_DELAY);
        assertThat(t.next().reason()).isEqualTo("health: GET http://127.0.0.1:3001/health: connection refused");
        assertThat(t.next().unstableRestarts()).as("it had been healthy: a stable run").isZero();
        assertThat(t.effects()).containsExactly(new Effect.SignalGroup("SIGINT"), new Effect.ScheduleKillDeadline(Duration.ofMillis(1600)));
    }

    @Test
    void online_unhealthy_neverHealthy_countsAnUnstableRestart() {
        Transition t = Lifecycle.on(online(3, 1), NEVER, POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().unstableRestarts()).isEqualTo(2);
        assertThat(t.next().restarts()).as("counted when started again").isEqualTo(3);
    }

    @Test
    void online_unhealthy_neverHealthy_aboveMaxRestarts_stopsThenErrored() {
        Transition t = Lifecycle.on(online(3, 2), NEVER, POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().after()).isEqualTo(After.FAIL);
        assertThat(t.next().reason()).isEqualTo("never healthy: GET http://127.0.0.1:3001/health: HTTP 500; gave up after 2 restarts");
        Transition gone = Lifecycle.on(t.next(), new Event.GroupGone(), POLICY);
        assertThat(gone.next().status()).isEqualTo(Status.ERRORED);
        assertThat(gone.next().reason()).isEqualTo(t.next().reason());
    }

    @Test
    void stopping_groupGone_afterUnhealthy_waitsTheRestartDelayThenLaunches() {
        State stopping = Lifecycle.on(online(3, 0), NEVER, POLICY).next();
        Transition t = Lifecycle.on(stopping, new Event.GroupGone(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.WAITING_RESTART);
        assertThat(t.next().reason()).isEqualTo("health: GET http://127.0.0.1:3001/health: HTTP 500; restarting in 250 ms");
        assertThat(t.effects()).containsExactly(new Effect.ScheduleRestart(Duration.ofMillis(250)));
        Transition due = Lifecycle.on(t.next(), new Event.RestartDue(), POLICY);
        assertThat(due.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(due.next().restarts()).isEqualTo(4);
        assertThat(due.next().unstableRestarts()).isEqualTo(1);
    }

    @Test
    void stopping_groupGone_afterUnhealthy_withoutDelay_launchesAtOnce() {
        // exponential backoff after a stable run: no delay, as after a crash
        State stopping = Lifecycle.on(online(3, 5), WAS_HEALTHY, BACKOFF).next();
        Transition t = Lifecycle.on(stopping, new Event.GroupGone(), BACKOFF);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().restarts()).isEqualTo(4);
        assertThat(t.next().unstableRestarts()).isZero();
        assertThat(t.effects()).containsExactly(new Effect.Spawn());
    }

    @Test
    void neverHealthyRestartsBackOffLikeACrashLoop() {
        State s = online(0, 0);
        List<Long> delays = new java.util.ArrayList<>();
        for (int run = 0; run < 3; run++) {
            s = Lifecycle.on(s, NEVER, BACKOFF).next();
            Transition gone = Lifecycle.on(s, new Event.GroupGone(), BACKOFF);
            delays.add(gone.effects().stream().filter(e -> e instanceof Effect.ScheduleRestart).map(e -> ((Effect.ScheduleRestart) e).after().toMillis())
                    .findFirst().orElse(0L));
            s = Lifecycle.on(Lifecycle.on(gone.next(), new Event.RestartDue(), BACKOFF).next(), new Event.Spawned(T0), BACKOFF).next();
        }
        assertThat(delays).containsExactly(100L, 200L, 400L);
        assertThat(s.restarts()).isEqualTo(3);
    }

    @Test
    void awaitingReady_unhealthy_behavesAsWhenOnline() {
        State waiting = new State(Status.LAUNCHING, 0, 0, T0, After.STAY_STOPPED, null, null, null, null);
        Transition t = Lifecycle.on(waiting, NEVER, READY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.next().after()).isEqualTo(After.RESTART_AFTER_DELAY);
    }

    @Test
    void unhealthy_withoutARunningProcess_changesNothing() {
        for (Status st : List.of(Status.STOPPED, Status.ERRORED, Status.STOPPING, Status.WAITING_RESTART)) {
            State s = state(st, 1, 1, After.STAY_STOPPED);
            assertThat(Lifecycle.on(s, NEVER, POLICY)).as(st.wire()).isEqualTo(new Transition(s, List.of()));
        }
        State noProcess = state(Status.LAUNCHING, 1, 1, After.STAY_STOPPED);
        assertThat(Lifecycle.on(noProcess, NEVER, POLICY).next()).isSameAs(noProcess);
    }

    // ---- readiness and drain ----

    static final Policy READY = new Policy(true, 2, Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofMillis(100),
            Set.of(), "SIGTERM", Duration.ofMillis(1600), Duration.ofSeconds(3));

    @Test
    void launching_spawned_waitsForReadiness_staysLaunchingWithADeadline() {
        Transition t = Lifecycle.on(state(Status.LAUNCHING, 0, 0, After.STAY_STOPPED), new Event.Spawned(T0), READY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().startedAt()).isEqualTo(T0);
        assertThat(t.effects()).containsExactly(new Effect.ScheduleReadyDeadline(Duration.ofSeconds(3)));
        Transition ready = Lifecycle.on(t.next(), new Event.Ready(), READY);
        assertThat(ready.next().status()).isEqualTo(Status.ONLINE);
        assertThat(ready.next().startedAt()).isEqualTo(T0);
        assertThat(ready.effects()).isEmpty();
        // readiness before the spawn was even reported (or twice) changes nothing
        assertThat(Lifecycle.on(state(Status.LAUNCHING, 0, 0, After.STAY_STOPPED), new Event.Ready(), READY).next().status())
                .isEqualTo(Status.LAUNCHING);
        assertThat(Lifecycle.on(ready.next(), new Event.Ready(), READY).next()).isEqualTo(ready.next());
    }

    @Test
    void awaitingReady_deadline_isAFailure_stopsThenErrored() {
        State waiting = Lifecycle.on(state(Status.LAUNCHING, 0, 0, After.STAY_STOPPED), new Event.Spawned(T0), READY).next();
        Transition t = Lifecycle.on(waiting, new Event.ReadyDeadline(), READY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.effects()).containsExactly(new Effect.SignalGroup("SIGTERM"), new Effect.ScheduleKillDeadline(Duration.ofMillis(1600)));
        State exited = Lifecycle.on(t.next(), new Event.Exited(null, "SIGTERM", T0.plusSeconds(3)), READY).next();
        State gone = Lifecycle.on(exited, new Event.GroupGone(), READY).next();
        assertThat(gone.status()).isEqualTo(Status.ERRORED);
        assertThat(gone.reason()).isEqualTo("not ready within listen_timeout (3000 ms)");
        // a deadline that comes after readiness is stale
        State online = Lifecycle.on(waiting, new Event.Ready(), READY).next();
        assertThat(Lifecycle.on(online, new Event.ReadyDeadline(), READY).next()).isEqualTo(online);
    }

    @Test
    void awaitingReady_exitOrStop_behaveAsWhenOnline() {
        State waiting = Lifecycle.on(state(Status.LAUNCHING, 0, 0, After.STAY_STOPPED), new Event.Spawned(T0), READY).next();
        assertThat(Lifecycle.on(waiting, new Event.Exited(1, null, T0.plusMillis(10)), READY).next().status())
                .isEqualTo(Status.WAITING_RESTART);
        Transition stop = Lifecycle.on(waiting, new Event.StopRequested("u"), READY);
        assertThat(stop.next().status()).isEqualTo(Status.STOPPING);
        assertThat(stop.effects()).contains(new Effect.SignalGroup("SIGTERM"));
    }

    @Test
    void online_drainRequested_drainsThenKillDeadline_andItsExitIsNoCrash() {
        Transition t = Lifecycle.on(online(0, 0), new Event.DrainRequested("reload"), READY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.effects()).containsExactly(new Effect.Drain(), new Effect.ScheduleKillDeadline(Duration.ofMillis(1600)));
        State exited = Lifecycle.on(t.next(), new Event.Exited(0, null, T0.plusSeconds(1)), READY).next();
        assertThat(Lifecycle.on(exited, new Event.GroupGone(), READY).next().status()).isEqualTo(Status.STOPPED);
    }

    @Test
    void withoutReadiness_spawnedIsOnlineAtOnce() {
        assertThat(Lifecycle.on(state(Status.LAUNCHING, 0, 0, After.STAY_STOPPED), new Event.Spawned(T0), POLICY).next().status())
                .isEqualTo(Status.ONLINE);
    }

    @Test
    void resetZeroesOnlyTheCounters() {
        State s = new State(Status.ONLINE, 7, 2, T0, After.STAY_STOPPED, 1, null, null, null);
        assertThat(s.resetCounters()).isEqualTo(new State(Status.ONLINE, 0, 0, T0, After.STAY_STOPPED, 1, null, null, null));
    }
}
