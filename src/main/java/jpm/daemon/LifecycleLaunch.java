package jpm.daemon;

import java.util.List;
import jpm.daemon.Lifecycle.After;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.Lifecycle.Policy;
import jpm.daemon.Lifecycle.State;
import jpm.daemon.Lifecycle.Transition;

/**
 * The part of {@link Lifecycle} around a spawn: an instance held before it ({@code waiting}),
 * launching before its process exists, and spawned but not ready yet. Pure, like the rest of the
 * state machine, and tested with it (LifecycleTest, docs/states.md).
 */
final class LifecycleLaunch {
    private LifecycleLaunch() {}

    /** Launching, no process yet: the spawn is under way. */
    static Transition launching(State s, Event event, Policy p) {
        return switch (event) {
            case Event.Spawned e -> {
                boolean waits = p.readyTimeout() != null;
                State next = s.to(waits ? Status.LAUNCHING : Status.ONLINE).withStartedAt(e.at());
                // a stop or restart asked for while launching is carried out now that there is a process
                if (s.after() == After.STOP_ONCE_SPAWNED) yield Lifecycle.stopThen(next, After.STAY_STOPPED, p);
                yield new Transition(next, waits ? List.of(new Effect.ScheduleReadyDeadline(p.readyTimeout())) : List.of());
            }
            case Event.SpawnFailed e -> new Transition(
                    s.to(Status.ERRORED).withReason(e.reason()), List.of());
            case Event.StopRequested e -> Transition.stay(s.withAfter(After.STOP_ONCE_SPAWNED));
            case Event.DrainRequested e -> Transition.stay(s.withAfter(After.STOP_ONCE_SPAWNED));
            // a fresh process is being started already
            case Event.RestartRequested e -> Transition.stay(s.withAfter(After.STAY_STOPPED));
            case Event.Start e -> Transition.stay(s.withAfter(After.STAY_STOPPED));
            case Event.Exited e -> Transition.stay(s);
            case Event.GroupGone e -> Transition.stay(s);
            case Event.KillDeadline e -> Transition.stay(s);
            case Event.RestartDue e -> Transition.stay(s);
            case Event.Ready e -> Transition.stay(s);
            case Event.ReadyDeadline e -> Transition.stay(s);
            case Event.Unhealthy e -> Transition.stay(s);
            case Event.DependenciesMet e -> Transition.stay(s);
        };
    }

    /** Held before its spawn until its app's dependencies meet their conditions ({@link Lifecycle#hold}). */
    static Transition waiting(State s, Event event) {
        return switch (event) {
            // a spawn that was held: its restart, if it was one, was counted when it was held
            case Event.DependenciesMet e -> Lifecycle.launch(s, s.unstableRestarts(), false);
            case Event.Start e -> Lifecycle.launch(s, s.unstableRestarts(), false);
            case Event.RestartRequested e -> Lifecycle.launch(s, s.unstableRestarts(), false);
            // a stop ends the wait; stopped by request, so no reason of its own (apply resumes it)
            case Event.StopRequested e -> Transition.stay(s.to(Status.STOPPED));
            case Event.DrainRequested e -> Transition.stay(s.to(Status.STOPPED));
            case Event.Spawned e -> Transition.stay(s);
            case Event.SpawnFailed e -> Transition.stay(s);
            case Event.Exited e -> Transition.stay(s);
            case Event.GroupGone e -> Transition.stay(s);
            case Event.KillDeadline e -> Transition.stay(s);
            case Event.RestartDue e -> Transition.stay(s);
            case Event.Ready e -> Transition.stay(s);
            case Event.ReadyDeadline e -> Transition.stay(s);
            case Event.Unhealthy e -> Transition.stay(s);
        };
    }

    /** Online with the process that was waiting for readiness (its start time kept, for min_uptime). */
    private static State ready(State s) {
        return s.to(Status.ONLINE).withStartedAt(s.startedAt());
    }

    /** Spawned and waiting for readiness: the process exists, so stops and exits are handled as when online. */
    static Transition awaitingReady(State s, Event event, Policy p) {
        return switch (event) {
            case Event.Ready e -> Transition.stay(ready(s));
            // readiness no longer asked for (wait_ready turned off live): nothing to wait for
            case Event.ReadyDeadline e when p.readyTimeout() == null -> Transition.stay(ready(s));
            case Event.ReadyDeadline e -> new Transition(
                    s.to(Status.STOPPING).withStartedAt(s.startedAt()).withAfter(After.FAIL)
                            .withReason("not ready within listen_timeout (" + p.readyTimeout().toMillis() + " ms)"),
                    List.of(new Effect.SignalGroup(p.stopSignal()), new Effect.ScheduleKillDeadline(p.killTimeout())));
            case Event.Exited e -> Lifecycle.crashed(s, e, p);
            case Event.StopRequested e -> Lifecycle.stopThen(s, After.STAY_STOPPED, p);
            case Event.DrainRequested e -> Lifecycle.stopThen(s, After.STAY_STOPPED, p);
            case Event.RestartRequested e -> Lifecycle.stopThen(s, After.START_AGAIN, p);
            case Event.Start e -> Transition.stay(s);
            case Event.Spawned e -> Transition.stay(s);
            case Event.SpawnFailed e -> Transition.stay(s);
            case Event.GroupGone e -> Transition.stay(s);
            case Event.KillDeadline e -> Transition.stay(s);
            case Event.RestartDue e -> Transition.stay(s);
            case Event.Unhealthy e -> Lifecycle.unhealthy(s, e, p);
            case Event.DependenciesMet e -> Transition.stay(s);
        };
    }
}
