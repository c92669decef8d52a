package jpm.daemon;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jpm.daemon.events.DaemonEvent;

/**
 * {@code restart_dependents: true}: once a restarted or reloaded app is back, restarts the
 * running instances of the apps that depend on it, with cause {@code dependency <namespace/name>
 * restarted}. What "restarted" and "back" mean is {@link DependentRestartRule}. Off by default:
 * docs/dependencies.md says why.
 */
final class DependentRestarts {
    private final Apps apps;
    private final DependencyGate gate;
    private final EventLoop loop;
    private final Fire fire;
    /** Whether a rolling replacement of an app is under way ({@link RollingReplacement#replaces}). */
    private final Predicate<App> replacing;
    /** The restarts under way of apps with restart_dependents that have dependents; at most one per app. */
    private final Map<App, Restart> restarts = new HashMap<>();

    /** One restart of a dependency, from its first restarted instance until each dependent was handled. */
    private static final class Restart {
        /** When it began (again, if the dependency was restarted again before it was back). */
        Instant since;
        /** The dependents restarted or dropped already. */
        final Set<App> handled = new HashSet<>();
    }

    DependentRestarts(Apps apps, DependencyGate gate, EventBus bus, EventLoop loop, Fire fire, Predicate<App> replacing) {
        this.apps = apps;
        this.gate = gate;
        this.loop = loop;
        this.fire = fire;
        this.replacing = replacing;
        bus.subscribe(this::on);
    }

    private void on(DaemonEvent event, App app, Instance inst) {
        if (!DependentRestartRule.begins(event) || !app.spec.supervision().dependencies().restartDependents()) return;
        if (gate.dependentsOf(app.spec.id()).isEmpty()) return;
        Restart r = restarts.get(app);
        if (r == null) {
            r = new Restart();
            restarts.put(app, r);
            watch(app, r);
        }
        // restarted again before it was back: whatever was restarted meanwhile runs with an old process of it
        r.since = event.at();
        r.handled.clear();
    }

    /** After every change, until it is over: whether some dependent can be handled now (or none is left). */
    private void watch(App app, Restart r) {
        loop.when(() -> {
            if (!apps.contains(app)) return true;
            Map<App, DependentRestartRule.Outcome> now = pending(app, r);
            return now.isEmpty() || now.containsValue(DependentRestartRule.Outcome.RESTART) || now.containsValue(DependentRestartRule.Outcome.DROP);
        }, () -> settle(app, r));
    }

    /** The outcome now for each dependent not handled yet. */
    private Map<App, DependentRestartRule.Outcome> pending(App app, Restart r) {
        String id = app.spec.id();
        boolean rolling = replacing.test(app);
        Map<App, DependentRestartRule.Outcome> out = new HashMap<>();
        for (App dependent : gate.dependentsOf(id)) {
            if (r.handled.contains(dependent)) continue;
            DependentRestartRule.Outcome o = gate.dependencies(dependent).stream().filter(d -> d.app().equals(id)).findFirst()
                    .map(d -> DependentRestartRule.decide(rolling, d)).orElse(DependentRestartRule.Outcome.DROP);
            out.put(dependent, o);
        }
        return out;
    }

    private void settle(App app, Restart r) {
        if (!apps.contains(app)) {
            restarts.remove(app);
            return;
        }
        String cause = "dependency " + app.spec.id() + " restarted";
        Map<App, DependentRestartRule.Outcome> now = pending(app, r);
        now.forEach((dependent, outcome) -> {
            if (outcome == DependentRestartRule.Outcome.WAIT) return;
            r.handled.add(dependent);
            if (outcome != DependentRestartRule.Outcome.RESTART) return;
            for (Instance i : List.copyOf(dependent.instances)) {
                if (DependentRestartRule.restarts(i.state.status(), i.state.startedAt(), r.since)) {
                    fire.fire(i, new Lifecycle.Event.RestartRequested(cause));
                }
            }
        });
        if (now.values().stream().allMatch(o -> o != DependentRestartRule.Outcome.WAIT)) restarts.remove(app);
        else watch(app, r);
    }
}
