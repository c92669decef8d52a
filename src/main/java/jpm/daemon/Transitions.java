package jpm.daemon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jpm.daemon.Lifecycle.Effect;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.events.DaemonEvent;

/**
 * Feeds events to an instance's state machine and carries out what it decides: the new state,
 * its history line and log line, the events it publishes (before the effects, so that a spawn's
 * own events follow its "starting"), then the effects, and the timers that come back as events.
 * Runs on the loop.
 */
final class Transitions {
    private final Apps apps;
    private final EventBus bus;
    private final ProcessControl processes;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    private final Consumer<String> log;
    /** What an instance's spawn waits for (its app's unmet dependencies), or null: {@link DependencyGate#waitsFor}. */
    private final java.util.function.Function<Instance, String> waitsFor;

    Transitions(Apps apps, EventBus bus, ProcessControl processes, ScheduledExecutorService timers, Consumer<Runnable> post,
                Consumer<String> log, java.util.function.Function<Instance, String> waitsFor) {
        this.waitsFor = waitsFor;
        this.apps = apps;
        this.bus = bus;
        this.processes = processes;
        this.timers = timers;
        this.post = post;
        this.log = log;
    }

    private static final Effect SPAWN = new Effect.Spawn();

    void fire(Instance inst, Event event) {
        Lifecycle.Transition t = Lifecycle.on(inst.state, event, inst.app.policy);
        // asked only when the state machine would spawn: apps without depends_on pay one map check
        if (t.effects().contains(SPAWN)) t = Lifecycle.hold(t, waitsFor.apply(inst));
        Lifecycle.State before = inst.state;
        Status from = before.status();
        Status to = t.next().status();
        inst.state = t.next();
        java.time.Instant now = apps.clock().instant();
        if (from != to) {
            if (inst.history.size() == Instance.HISTORY) inst.history.removeFirst();
            // the new state's own reason says more than the event ("exited with code 1; restarting in 200 ms")
            String cause = t.next().reason() != null ? t.next().reason() : Lifecycle.cause(event);
            inst.history.addLast(new HistoryEntry(now.toString(), from.wire(), to.wire(), cause));
            log.accept(inst.app.spec.name() + "#" + inst.index + " (id " + inst.id + "): " + from.wire() + " -> "
                    + to.wire() + (t.next().reason() != null ? " (" + t.next().reason() + ")" : ""));
        }
        List<DaemonEvent> events = LifecycleEvents.of(Apps.subject(inst), now, before, event, t);
        for (DaemonEvent e : events) bus.publish(e, inst.app, inst);
        for (Effect e : t.effects()) run(inst, e);
    }

    private void run(Instance inst, Effect effect) {
        switch (effect) {
            case Effect.Spawn s -> processes.spawn(inst);
            case Effect.SignalGroup s -> processes.signalTree(inst, s.signal());
            case Effect.KillLeftovers k -> processes.signalTree(inst, "SIGKILL");
            case Effect.ScheduleKillDeadline d -> schedule(inst, d.after(), new Event.KillDeadline());
            case Effect.ScheduleRestart r -> {
                // the state machine has no clock after a stop (GroupGone carries no time): the due time is known here
                if (inst.state.nextRestartAt() == null) inst.state = inst.state.withNextRestartAt(apps.clock().instant().plus(r.after()));
                schedule(inst, r.after(), new Event.RestartDue());
            }
            case Effect.ScheduleReadyDeadline d -> schedule(inst, d.after(), new Event.ReadyDeadline());
            case Effect.Drain d -> processes.drain(inst);
            case Effect.AwaitGroupGone a -> processes.awaitGroupGone(inst);
        }
    }

    /** Delivers {@code event} after {@code after}, unless another timer of the instance was set since. */
    private void schedule(Instance inst, Duration after, Event event) {
        long seq = ++inst.timerSeq;
        timers.schedule(() -> post.accept(() -> {
            if (inst.timerSeq == seq) fire(inst, event);
        }), after.toMillis(), TimeUnit.MILLISECONDS);
    }
}
