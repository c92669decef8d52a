package jpm.daemon;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jpm.daemon.events.DaemonEvent;

/**
 * {@code restart_dependents: true}: once a restarted instance of such an app (by request, apply,
 * crash or health) is up again (online; healthy when it has a probe), the running instances of
 * the apps that depend on it are restarted, with cause {@code dependency <namespace/name>
 * restarted}. When several instances of it restart together, its dependents restart once, after
 * the last is up. Off by default: docs/dependencies.md says why.
 */
final class DependentRestarts {
    private final DependencyGate gate;
    private final EventLoop loop;
    private final Fire fire;
    /** Restarted instances of apps with restart_dependents that are not up again yet. */
    private final Set<Instance> restarting = new HashSet<>();

    DependentRestarts(DependencyGate gate, EventBus bus, EventLoop loop, Fire fire) {
        this.gate = gate;
        this.loop = loop;
        this.fire = fire;
        bus.subscribe(this::on);
    }

    private void on(DaemonEvent event, App app, Instance inst) {
        if (inst == null) return;
        switch (event) {
            case DaemonEvent.Starting s when s.restart() && app.spec.supervision().dependencies().restartDependents() -> restarting.add(inst);
            case DaemonEvent.Stopped s -> restarting.remove(inst);
            case DaemonEvent.Errored s -> restarting.remove(inst);
            case DaemonEvent.Deleted s -> restarting.remove(inst);
            default -> {
                if (restarting.contains(inst) && up(inst) && restarting.remove(inst)
                        && restarting.stream().noneMatch(other -> other.app == app)) {
                    // after the task: the instance's own transition finishes first
                    loop.when(() -> true, () -> restartDependents(app));
                }
            }
        }
    }

    /** Online, and healthy when its app has a probe (the probe's verdict is {@link Instance#health}). */
    private static boolean up(Instance inst) {
        if (inst.state.status() != Status.ONLINE) return false;
        return inst.app.spec.supervision().health().health() == null || inst.health == HealthStatus.HEALTHY;
    }

    private void restartDependents(App app) {
        String cause = "dependency " + app.spec.id() + " restarted";
        for (App dependent : List.copyOf(gate.dependentsOf(app.spec.id()))) {
            for (Instance i : List.copyOf(dependent.instances)) {
                Status st = i.state.status();
                if (st == Status.ONLINE || st == Status.LAUNCHING) fire.fire(i, new Lifecycle.Event.RestartRequested(cause));
            }
        }
    }
}
