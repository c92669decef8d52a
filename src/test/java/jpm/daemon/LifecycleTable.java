package jpm.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jpm.daemon.Lifecycle.After;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.Lifecycle.Policy;
import jpm.daemon.Lifecycle.State;
import jpm.daemon.Lifecycle.Transition;

/**
 * The state × event table of docs/states.md, rendered from {@link Lifecycle} itself: one row per
 * kind of state, one column per event, each cell what {@code Lifecycle.on} does there.
 */
final class LifecycleTable {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** PM2's defaults with max_restarts 2; no readiness. */
    static final Policy PLAIN = new Policy(true, 2, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(100), Set.of(),
            "SIGTERM", Duration.ofMillis(1600), null);
    /** The same with wait_ready (listen_timeout 3 s). */
    static final Policy READY = new Policy(true, 2, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(100), Set.of(),
            "SIGTERM", Duration.ofMillis(1600), Duration.ofSeconds(3));

    static final List<Event> EVENTS = List.of(new Event.Start("u"), new Event.RestartRequested("u"), new Event.StopRequested("u"),
            new Event.Spawned(T0), new Event.SpawnFailed("spawn failed: X"), new Event.Exited(1, null, T0.plusSeconds(10)),
            new Event.GroupGone(), new Event.KillDeadline(), new Event.RestartDue(), new Event.Ready(), new Event.ReadyDeadline(),
            new Event.DrainRequested("u"), new Event.Unhealthy("x", false), new Event.DependenciesMet());

    private record Row(String label, State state, Policy policy) {}

    private static List<Row> rows() {
        State stopped = State.initial().withCounters(1, 1);
        State online = stopped.to(Status.ONLINE).withStartedAt(T0);
        return List.of(
                new Row("**stopped**", stopped, PLAIN),
                new Row("**errored**", stopped.to(Status.ERRORED).withReason("r"), PLAIN),
                new Row("**launching** (no process yet)", stopped.to(Status.LAUNCHING), PLAIN),
                new Row("**launching**, with wait_ready", stopped.to(Status.LAUNCHING), READY),
                new Row("**launching**, a stop asked", stopped.to(Status.LAUNCHING).withAfter(After.STOP_ONCE_SPAWNED), PLAIN),
                new Row("**launching** (spawned, waits for readiness)", stopped.to(Status.LAUNCHING).withStartedAt(T0), READY),
                new Row("**online**", online, PLAIN),
                new Row("**stopping**", online.to(Status.STOPPING).withStartedAt(T0), PLAIN),
                new Row("**stopping**, a restart", online.to(Status.STOPPING).withStartedAt(T0).withAfter(After.START_AGAIN), PLAIN),
                new Row("**stopping**, unhealthy", online.to(Status.STOPPING).withStartedAt(T0).withAfter(After.RESTART_AFTER_DELAY)
                        .withReason("health: x"), PLAIN),
                new Row("**stopping**, not ready in time", online.to(Status.STOPPING).withStartedAt(T0).withAfter(After.FAIL)
                        .withReason("not ready"), READY),
                new Row("**waiting-restart**", stopped.to(Status.WAITING_RESTART).withReason("r").withNextRestartAt(T0), PLAIN),
                new Row("**waiting**", stopped.to(Status.WAITING).withReason("waiting for db (started)"), PLAIN));
    }

    /** The markdown table. */
    static String render() {
        StringBuilder sb = new StringBuilder("| state ↓ / event → |");
        for (Event e : EVENTS) sb.append(' ').append(e.getClass().getSimpleName()).append(" |");
        sb.append("\n|---|");
        sb.append("---|".repeat(EVENTS.size())).append('\n');
        for (Row r : rows()) {
            sb.append("| ").append(r.label()).append(" |");
            for (Event e : EVENTS) sb.append(' ').append(cell(r.state(), e, r.policy())).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }

    /** What one event does in one state: "—" when ignored, else the status and fields it changes and the effects. */
    static String cell(State s, Event e, Policy p) {
        Transition t = Lifecycle.on(s, e, p);
        State n = t.next();
        if (n == s && t.effects().isEmpty()) return "—";
        List<String> parts = new ArrayList<>();
        if (n.status() != s.status()) parts.add("→ " + n.status().wire());
        if (n.restarts() != s.restarts()) parts.add("restarts+" + (n.restarts() - s.restarts()));
        if (n.unstableRestarts() != s.unstableRestarts()) parts.add("unstable := " + n.unstableRestarts());
        if (n.after() != s.after()) parts.add("after := " + n.after());
        if (!Objects.equals(n.startedAt(), s.startedAt())) parts.add(n.startedAt() == null ? "startedAt cleared" : "startedAt := at");
        if (!Objects.equals(n.exitCode(), s.exitCode()) || !Objects.equals(n.exitSignal(), s.exitSignal())) {
            parts.add("exit := " + (n.exitSignal() != null ? n.exitSignal() : "code " + n.exitCode()));
        }
        if (!Objects.equals(n.reason(), s.reason())) parts.add(n.reason() == null ? "reason cleared" : "reason := \"" + n.reason() + "\"");
        if (!Objects.equals(n.nextRestartAt(), s.nextRestartAt())) {
            parts.add(n.nextRestartAt() == null ? "next restart cleared" : "next restart := exit + delay");
        }
        if (parts.isEmpty()) parts.add("stay");
        String out = String.join(", ", parts);
        return t.effects().isEmpty() ? out : out + " `[" + String.join(", ", t.effects().stream().map(LifecycleTable::effect).toList()) + "]`";
    }

    private static String effect(Effect e) {
        return switch (e) {
            case Effect.Spawn s -> "Spawn";
            case Effect.SignalGroup s -> "SignalGroup(" + s.signal() + ")";
            case Effect.ScheduleKillDeadline d -> "ScheduleKillDeadline(" + d.after().toMillis() + " ms)";
            case Effect.ScheduleRestart r -> "ScheduleRestart(" + r.after().toMillis() + " ms)";
            case Effect.AwaitGroupGone a -> "AwaitGroupGone";
            case Effect.KillLeftovers k -> "KillLeftovers";
            case Effect.ScheduleReadyDeadline d -> "ScheduleReadyDeadline(" + d.after().toMillis() + " ms)";
            case Effect.Drain d -> "Drain";
        };
    }

    private LifecycleTable() {}
}
