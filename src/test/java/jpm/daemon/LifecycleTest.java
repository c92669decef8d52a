package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jpm.daemon.Lifecycle.After;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.Lifecycle.Policy;
import jpm.daemon.Lifecycle.State;
import jpm.daemon.Lifecycle.Transition;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Policy POLICY = new Policy(true, 2, Duration.ofSeconds(1), Duration.ofMillis(250), "SIGINT", Duration.ofMillis(1600));

    static State online(Instant at, int restarts, int unstable) {
        return new State(Status.ONLINE, restarts, unstable, at, After.STAY_STOPPED, null, null, null);
    }

    @Test
    void startSpawnsAndSpawnedIsOnline() {
        Transition t = Lifecycle.on(State.initial(), new Event.Start(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.effects()).containsExactly(new Effect.Spawn());
        Transition t2 = Lifecycle.on(t.next(), new Event.Spawned(T0), POLICY);
        assertThat(t2.next().status()).isEqualTo(Status.ONLINE);
        assertThat(t2.next().startedAt()).isEqualTo(T0);
        assertThat(t2.next().restarts()).isZero();
    }

    @Test
    void stopSignalsTheGroupWithTheAppsSignalAndArmsTheKillDeadline() {
        Transition t = Lifecycle.on(online(T0, 0, 0), new Event.StopRequested(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.STOPPING);
        assertThat(t.effects()).containsExactly(new Effect.SignalGroup("SIGINT"), new Effect.ScheduleKillDeadline(Duration.ofMillis(1600)));
        Transition deadline = Lifecycle.on(t.next(), new Event.KillDeadline(), POLICY);
        assertThat(deadline.effects()).containsExactly(new Effect.SignalGroup("SIGKILL"));
        Transition exited = Lifecycle.on(deadline.next(), new Event.Exited(null, "SIGKILL", T0.plusSeconds(2)), POLICY);
        assertThat(exited.next().status()).as("still stopping until the whole group is gone").isEqualTo(Status.STOPPING);
        assertThat(exited.effects()).containsExactly(new Effect.AwaitGroupGone());
        Transition gone = Lifecycle.on(exited.next(), new Event.GroupGone(), POLICY);
        assertThat(gone.next().status()).isEqualTo(Status.STOPPED);
        assertThat(gone.next().exitSignal()).isEqualTo("SIGKILL");
        assertThat(gone.effects()).isEmpty();
    }

    @Test
    void restartStopsThenSpawnsAndCountsARestart() {
        Transition t = Lifecycle.on(online(T0, 3, 0), new Event.RestartRequested(), POLICY);
        assertThat(t.next().after()).isEqualTo(After.START_AGAIN);
        State s = Lifecycle.on(t.next(), new Event.Exited(null, "SIGINT", T0.plusSeconds(5)), POLICY).next();
        Transition gone = Lifecycle.on(s, new Event.GroupGone(), POLICY);
        assertThat(gone.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(gone.next().restarts()).isEqualTo(4);
        assertThat(gone.effects()).containsExactly(new Effect.Spawn());
    }

    @Test
    void stableCrashRestartsAfterTheDelayAndResetsTheUnstableCount() {
        Transition t = Lifecycle.on(online(T0, 0, 1), new Event.Exited(1, null, T0.plusSeconds(10)), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.WAITING_RESTART);
        assertThat(t.next().unstableRestarts()).isZero();
        assertThat(t.next().exitCode()).isEqualTo(1);
        assertThat(t.effects()).containsExactly(new Effect.KillLeftovers(), new Effect.ScheduleRestart(Duration.ofMillis(250)));
        Transition due = Lifecycle.on(t.next(), new Event.RestartDue(), POLICY);
        assertThat(due.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(due.next().restarts()).isEqualTo(1);
    }

    @Test
    void tooManyUnstableRestartsInARowEndErrored() {
        State s = online(T0, 0, 0);
        for (int run = 1; run <= 2; run++) {
            Transition crash = Lifecycle.on(s, new Event.Exited(2, null, T0.plusMillis(100)), POLICY);
            assertThat(crash.next().status()).isEqualTo(Status.WAITING_RESTART);
            assertThat(crash.next().unstableRestarts()).isEqualTo(run);
            State launching = Lifecycle.on(crash.next(), new Event.RestartDue(), POLICY).next();
            s = Lifecycle.on(launching, new Event.Spawned(T0), POLICY).next();
        }
        Transition last = Lifecycle.on(s, new Event.Exited(2, null, T0.plusMillis(100)), POLICY);
        assertThat(last.next().status()).isEqualTo(Status.ERRORED);
        assertThat(last.next().restarts()).isEqualTo(2);
        assertThat(last.next().reason()).contains("exited with code 2").contains("2 unstable restarts");
        assertThat(last.effects()).containsExactly(new Effect.KillLeftovers());
    }

    @Test
    void withoutAutorestartAnExitStaysStopped() {
        Policy noRestart = new Policy(false, 2, Duration.ofSeconds(1), Duration.ZERO, "SIGTERM", Duration.ofSeconds(1));
        Transition t = Lifecycle.on(online(T0, 0, 0), new Event.Exited(0, null, T0.plusSeconds(3)), noRestart);
        assertThat(t.next().status()).isEqualTo(Status.STOPPED);
        assertThat(t.next().reason()).contains("autorestart is off");
    }

    @Test
    void stopWhileWaitingToRestartCancelsTheRestart() {
        State waiting = Lifecycle.on(online(T0, 0, 0), new Event.Exited(1, null, T0.plusSeconds(3)), POLICY).next();
        State stopped = Lifecycle.on(waiting, new Event.StopRequested(), POLICY).next();
        assertThat(stopped.status()).isEqualTo(Status.STOPPED);
        assertThat(Lifecycle.on(stopped, new Event.RestartDue(), POLICY).next()).isEqualTo(stopped);
    }

    @Test
    void stopAskedWhileLaunchingIsCarriedOutOnceSpawned() {
        State launching = Lifecycle.on(State.initial(), new Event.Start(), POLICY).next();
        State marked = Lifecycle.on(launching, new Event.StopRequested(), POLICY).next();
        Transition spawned = Lifecycle.on(marked, new Event.Spawned(T0), POLICY);
        assertThat(spawned.next().status()).isEqualTo(Status.STOPPING);
        assertThat(spawned.effects()).contains(new Effect.SignalGroup("SIGINT"));
    }

    @Test
    void spawnFailureIsErroredWithTheReason() {
        State launching = Lifecycle.on(State.initial(), new Event.Start(), POLICY).next();
        Transition t = Lifecycle.on(launching, new Event.SpawnFailed("spawn failed: no such file"), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.ERRORED);
        assertThat(t.next().reason()).isEqualTo("spawn failed: no such file");
    }

    @Test
    void erroredCanBeStartedAgainWithAFreshUnstableCount() {
        State errored = new State(Status.ERRORED, 5, 3, null, After.STAY_STOPPED, 1, null, "gave up");
        Transition t = Lifecycle.on(errored, new Event.RestartRequested(), POLICY);
        assertThat(t.next().status()).isEqualTo(Status.LAUNCHING);
        assertThat(t.next().unstableRestarts()).isZero();
        assertThat(t.next().restarts()).isEqualTo(6);
    }

    @Test
    void everyStateAndEventPairIsDecidedWithoutThrowing() {
        List<Event> events = List.of(new Event.Start(), new Event.RestartRequested(), new Event.StopRequested(),
                new Event.Spawned(T0), new Event.SpawnFailed("x"), new Event.Exited(0, null, T0.plusSeconds(1)),
                new Event.GroupGone(), new Event.KillDeadline(), new Event.RestartDue());
        assertThat(events).hasSize(Event.class.getPermittedSubclasses().length);
        for (Status st : Status.values()) {
            for (After after : After.values()) {
                State s = new State(st, 1, 1, T0, after, null, null, null);
                for (Event e : events) {
                    Transition t = Lifecycle.on(s, e, POLICY);
                    assertThat(t.next()).as(st + " x " + e).isNotNull();
                    assertThat(t.effects()).as(st + " x " + e).isNotNull();
                }
            }
        }
    }

    @Test
    void strayEventsInSettledStatesChangeNothing() {
        State stopped = State.initial();
        for (Event e : List.of(new Event.Spawned(T0), new Event.Exited(0, null, T0), new Event.GroupGone(),
                new Event.KillDeadline(), new Event.RestartDue(), new Event.StopRequested())) {
            Transition t = Lifecycle.on(stopped, e, POLICY);
            assertThat(t.next()).isEqualTo(stopped);
            assertThat(t.effects()).isEmpty();
        }
    }
}
