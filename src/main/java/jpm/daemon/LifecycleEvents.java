package jpm.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.Lifecycle.State;
import jpm.daemon.Lifecycle.Transition;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;

/**
 * The events one transition of the state machine publishes, in order: first what the event
 * itself was (spawned, ready, exited, kill escalated), then the status the instance entered.
 * Pure: table-tested in LifecycleEventsTest; the order is the contract of docs/events.md.
 */
final class LifecycleEvents {
    private LifecycleEvents() {}

    static List<DaemonEvent> of(Subject who, Instant at, State before, Event event, Transition t) {
        State next = t.next();
        // the state machine answers an event that means nothing in a state with the same state, unchanged
        if (next == before && t.effects().isEmpty()) return List.of();
        List<DaemonEvent> out = new ArrayList<>(2);
        String cause = next.reason() != null ? next.reason() : Lifecycle.cause(event);
        switch (event) {
            case Event.Spawned e -> out.add(new DaemonEvent.Spawned(who, at, "spawned"));
            case Event.Ready e -> out.add(new DaemonEvent.Ready(who, at, "ready"));
            case Event.Exited e -> out.add(new DaemonEvent.Exited(who, at, Lifecycle.cause(e), e.code(), e.signal(),
                    before.status() == Status.STOPPING));
            case Event.KillDeadline e when next.status() == Status.STOPPING ->
                    out.add(new DaemonEvent.KillEscalated(who, at, Lifecycle.cause(e)));
            default -> {}
        }
        if (next.status() != before.status()) {
            out.add(switch (next.status()) {
                case LAUNCHING -> new DaemonEvent.Starting(who, at, Lifecycle.cause(event), next.restarts() > before.restarts(),
                        next.restarts());
                case ONLINE -> new DaemonEvent.Online(who, at, cause);
                case STOPPING -> event instanceof Event.DrainRequested ? new DaemonEvent.Draining(who, at, cause)
                        : new DaemonEvent.StopRequested(who, at, cause, stopSignal(t));
                case STOPPED -> new DaemonEvent.Stopped(who, at, cause);
                case ERRORED -> new DaemonEvent.Errored(who, at, cause);
                case WAITING_RESTART -> new DaemonEvent.RestartScheduled(who, at, cause, delayMs(t), next.unstableRestarts());
                case WAITING -> new DaemonEvent.Waiting(who, at, cause, next.restarts() > before.restarts());
            });
        }
        return out;
    }

    /** The signal a stop starts with (null when it only drains over IPC). */
    private static String stopSignal(Transition t) {
        for (Effect e : t.effects()) {
            if (e instanceof Effect.SignalGroup s) return s.signal();
        }
        return null;
    }

    private static long delayMs(Transition t) {
        for (Effect e : t.effects()) {
            if (e instanceof Effect.ScheduleRestart r) return r.after().toMillis();
        }
        return 0;
    }
}
