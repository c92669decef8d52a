package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.Lifecycle.State;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The events each transition publishes, in order: what the event was, then the status entered. */
class LifecycleEventsTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Subject WHO = new Subject("default", "api", 7L, 0, 4242L);
    static final Lifecycle.Policy POLICY = new Lifecycle.Policy(true, 2, Duration.ofSeconds(1), Duration.ZERO,
            Duration.ofMillis(100), Set.of(), "SIGINT", Duration.ofMillis(1600), null);
    static final Lifecycle.Policy WAITS = new Lifecycle.Policy(true, 2, Duration.ofSeconds(1), Duration.ZERO,
            Duration.ofMillis(100), Set.of(), "SIGINT", Duration.ofMillis(1600), Duration.ofSeconds(3));

    static State stopped() {
        return State.initial();
    }

    static State launching() {
        return Lifecycle.on(stopped(), new Event.Start("user: jpm start"), POLICY).next();
    }

    static State online() {
        return Lifecycle.on(launching(), new Event.Spawned(T0), POLICY).next();
    }

    static State stopping() {
        return Lifecycle.on(online(), new Event.StopRequested("user: jpm stop"), POLICY).next();
    }

    static State restarting() {
        return Lifecycle.on(online(), new Event.RestartRequested("user: jpm restart"), POLICY).next();
    }

    static State awaitingReady() {
        return Lifecycle.on(Lifecycle.on(stopped(), new Event.Start("apply"), WAITS).next(), new Event.Spawned(T0), WAITS).next();
    }

    static Stream<Arguments> table() {
        Instant later = T0.plusSeconds(10);
        Instant soon = T0.plusMillis(10);
        return Stream.of(
                Arguments.of("start", stopped(), new Event.Start("user: jpm start"), POLICY, List.of("starting")),
                Arguments.of("spawned", launching(), new Event.Spawned(T0), POLICY, List.of("spawned", "online")),
                Arguments.of("spawned, waits for ready", Lifecycle.on(stopped(), new Event.Start("x"), WAITS).next(),
                        new Event.Spawned(T0), WAITS, List.of("spawned")),
                Arguments.of("ready", awaitingReady(), new Event.Ready(), WAITS, List.of("ready", "online")),
                Arguments.of("not ready in time", awaitingReady(), new Event.ReadyDeadline(), WAITS, List.of("stop_requested")),
                Arguments.of("spawn failed", launching(), new Event.SpawnFailed("spawn failed: ENOENT"), POLICY, List.of("errored")),
                Arguments.of("stable crash", online(), new Event.Exited(1, null, later), POLICY, List.of("exited", "restart_scheduled")),
                Arguments.of("stop", online(), new Event.StopRequested("user: jpm stop"), POLICY, List.of("stop_requested")),
                Arguments.of("drain", online(), new Event.DrainRequested("reload"), POLICY, List.of("draining")),
                Arguments.of("exit while stopping", stopping(), new Event.Exited(null, "SIGINT", later), POLICY, List.of("exited")),
                Arguments.of("kill deadline", stopping(), new Event.KillDeadline(), POLICY, List.of("kill_escalated")),
                Arguments.of("stop finished", stopping(), new Event.GroupGone(), POLICY, List.of("stopped")),
                Arguments.of("restart finished", restarting(), new Event.GroupGone(), POLICY, List.of("starting")),
                Arguments.of("ignored: ready when online", online(), new Event.Ready(), POLICY, List.of()),
                Arguments.of("ignored: exit when stopped", stopped(), new Event.Exited(0, null, later), POLICY, List.of()),
                Arguments.of("stop while launching: no status change", launching(), new Event.StopRequested("x"), POLICY, List.of()),
                Arguments.of("unstable crash, last allowed", Lifecycle.on(launching(), new Event.Spawned(T0), POLICY).next(),
                        new Event.Exited(1, null, soon), POLICY, List.of("exited", "restart_scheduled")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachTransitionPublishesItsEventsInOrder(String name, State before, Event event, Lifecycle.Policy policy, List<String> types) {
        Lifecycle.Transition t = Lifecycle.on(before, event, policy);
        assertThat(LifecycleEvents.of(WHO, T0, before, event, t)).extracting(DaemonEvent::type).containsExactlyElementsOf(types);
    }

    @org.junit.jupiter.api.Test
    void aCrashLoopEndsErroredAndSaysWhy() {
        State s = new State(Status.ONLINE, 3, 2, T0, Lifecycle.After.STAY_STOPPED, null, null, null, null);
        Event crash = new Event.Exited(1, null, T0.plusMillis(5));
        Lifecycle.Transition t = Lifecycle.on(s, crash, POLICY);
        List<DaemonEvent> events = LifecycleEvents.of(WHO, T0, s, crash, t);
        assertThat(events).extracting(DaemonEvent::type).containsExactly("exited", "errored");
        assertThat(events.get(0)).isEqualTo(new DaemonEvent.Exited(WHO, T0, "exit code 1", 1, null, false));
        assertThat(events.get(1).cause()).contains("gave up after 2 unstable restarts");
    }

    @org.junit.jupiter.api.Test
    void aScheduledRestartCarriesItsDelayAndAStopItsSignal() {
        Event crash = new Event.Exited(null, "SIGSEGV", T0.plusMillis(5));
        List<DaemonEvent> crashed = LifecycleEvents.of(WHO, T0, online(), crash, Lifecycle.on(online(), crash, POLICY));
        assertThat(crashed.get(1)).isInstanceOfSatisfying(DaemonEvent.RestartScheduled.class, r -> {
            assertThat(r.delayMs()).isEqualTo(100);
            assertThat(r.unstableRestarts()).isEqualTo(1);
        });
        Event stop = new Event.StopRequested("user: jpm stop");
        assertThat(LifecycleEvents.of(WHO, T0, online(), stop, Lifecycle.on(online(), stop, POLICY)))
                .containsExactly(new DaemonEvent.StopRequested(WHO, T0, "user: jpm stop", "SIGINT"));
        Lifecycle.Transition done = Lifecycle.on(restarting(), new Event.GroupGone(), POLICY);
        assertThat(LifecycleEvents.of(WHO, T0, restarting(), new Event.GroupGone(), done))
                .singleElement().isInstanceOfSatisfying(DaemonEvent.Starting.class, st -> assertThat(st.restart()).isTrue());
    }

    @org.junit.jupiter.api.Test
    void aHeldStartSaysWhetherItIsARestart() {
        Lifecycle.Transition held = Lifecycle.hold(Lifecycle.on(restarting(), new Event.GroupGone(), POLICY), "db (started)");
        assertThat(LifecycleEvents.of(WHO, T0, restarting(), new Event.GroupGone(), held))
                .containsExactly(new DaemonEvent.Waiting(WHO, T0, "waiting for db (started)", true));
        Event start = new Event.Start("user: jpm start");
        Lifecycle.Transition first = Lifecycle.hold(Lifecycle.on(stopped(), start, POLICY), "db (started)");
        assertThat(LifecycleEvents.of(WHO, T0, stopped(), start, first))
                .containsExactly(new DaemonEvent.Waiting(WHO, T0, "waiting for db (started)", false));
    }
}
