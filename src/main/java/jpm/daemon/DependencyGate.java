package jpm.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.Supervision;

/**
 * Holds the spawn of an instance whose app has a dependency that does not meet its condition
 * ({@link Lifecycle#hold}: status {@code waiting}), and starts it once they all do
 * (docs/dependencies.md). {@link Transitions} asks {@link #waitsFor} at every spawn, so every
 * start honours it: jpm start, apply, resurrect, boot, a restore, a restart.
 *
 * <p>It keeps the reverse edges (which apps depend on an app) and, on any event about an app
 * others depend on, re-checks the waiting instances of those apps after the loop's task. An
 * event about an app nothing depends on costs one map lookup.
 */
final class DependencyGate {
    private final Apps apps;
    private final EventLoop loop;
    private final Fire fire;
    /** By dependency ({@code namespace/name}, whether it exists or not): the apps that depend on it. */
    private final Map<String, Set<App>> dependents = new HashMap<>();
    /** What each indexed app depends on, to unindex it when its definition changes. */
    private final Map<App, Set<String>> indexed = new HashMap<>();
    /** Apps whose waiting instances are checked after the current task. */
    private final Set<App> due = new LinkedHashSet<>();

    DependencyGate(Apps apps, EventBus bus, EventLoop loop, Fire fire) {
        this.apps = apps;
        this.loop = loop;
        this.fire = fire;
        bus.subscribe(this::on);
    }

    /** What {@code inst} waits for ({@code db (healthy)}), or null when its app's dependencies all hold. */
    String waitsFor(Instance inst) {
        Map<String, String> deps = inst.app.spec.supervision().dependencies().dependsOn();
        if (deps.isEmpty()) return null;
        return DependencyConditions.waitsFor(inst.app.spec.namespace(), observe(deps));
    }

    /** Each dependency of {@code app} as it is now, in the order of its depends_on (describe). */
    List<DependencyConditions.Dependency> dependencies(App app) {
        return observe(app.spec.supervision().dependencies().dependsOn());
    }

    /** The apps that depend on {@code id} ({@code namespace/name}); empty when none. */
    Set<App> dependentsOf(String id) {
        return dependents.getOrDefault(id, Set.of());
    }

    private List<DependencyConditions.Dependency> observe(Map<String, String> deps) {
        List<DependencyConditions.Dependency> out = new ArrayList<>(deps.size());
        deps.forEach((id, condition) -> {
            int slash = id.indexOf('/');
            App dep = apps.get(id.substring(0, slash), id.substring(slash + 1));
            List<DependencyConditions.Seen> seen = dep == null ? null : dep.instances.stream()
                    .map(i -> new DependencyConditions.Seen(i.state.status(), i.health, i.state.exitCode(), i.state.exitSignal()))
                    .toList();
            out.add(new DependencyConditions.Dependency(id, condition, seen,
                    dep != null && dep.spec.supervision().health().health() != null));
        });
        return out;
    }

    private void on(DaemonEvent event, App app, Instance instance) {
        switch (event) {
            case DaemonEvent.AppCreated e -> reindex(app);
            case DaemonEvent.AppUpdated e -> {
                reindex(app);
                // its depends_on may have changed (or gone): its waiting instances look again
                if (app.instances.stream().anyMatch(i -> i.state.status() == Status.WAITING)) markDue(Set.of(app));
            }
            case DaemonEvent.AppRemoved e -> unindex(app);
            default -> {}
        }
        if (dependents.isEmpty()) return; // no app has depends_on: nothing to look up
        Set<App> mine = dependents.get(app.spec.id());
        if (mine != null) markDue(mine);
    }

    private void markDue(Set<App> some) {
        boolean first = due.isEmpty();
        due.addAll(some);
        if (first && !due.isEmpty()) loop.when(() -> true, this::checkDue);
    }

    /** Re-checks the waiting instances of the apps marked due: those whose dependencies hold now start. */
    private void checkDue() {
        List<App> now = List.copyOf(due);
        due.clear();
        for (App app : now) {
            if (!apps.contains(app)) continue;
            for (Instance i : List.copyOf(app.instances)) {
                // fired whether or not they hold: a waiting instance held again gets the reason of now
                if (i.state.status() == Status.WAITING) fire.fire(i, new Lifecycle.Event.DependenciesMet());
            }
        }
    }

    /** Checks every waiting instance (after a restore, whose transitions ran before the loop). */
    void checkAll() {
        for (App app : apps.all()) {
            if (!app.spec.supervision().dependencies().dependsOn().isEmpty()) due.add(app);
        }
        checkDue();
    }

    private void reindex(App app) {
        unindex(app);
        Supervision.Dependencies deps = app.spec.supervision().dependencies();
        if (deps.dependsOn().isEmpty()) return;
        Set<String> ids = Set.copyOf(deps.dependsOn().keySet());
        indexed.put(app, ids);
        for (String id : ids) dependents.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(app);
    }

    private void unindex(App app) {
        Set<String> ids = indexed.remove(app);
        if (ids == null) return;
        for (String id : ids) {
            Set<App> s = dependents.get(id);
            if (s == null) continue;
            s.remove(app);
            if (s.isEmpty()) dependents.remove(id);
        }
    }
}
