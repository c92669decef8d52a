package jpm.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.AppName;
import jpm.ecosystem.AppSpec;

/**
 * Changes to the set of apps and instances, each announced on the event bus: create, redefine,
 * resize, remove, and the retirement of instances that leave (they are forgotten once their
 * processes are gone). Requests, apply batches, reloads and resurrect all change apps through here.
 */
final class AppChanges {
    private final Apps apps;
    private final LogPaths logs;
    private final EventBus bus;
    private final Fire fire;
    private final Consumer<String> log;

    AppChanges(Apps apps, LogPaths logs, EventBus bus, Fire fire, Consumer<String> log) {
        this.apps = apps;
        this.logs = logs;
        this.bus = bus;
        this.fire = fire;
        this.log = log;
        // a retiring instance is forgotten once its processes are gone
        bus.subscribe((event, app, instance) -> {
            if ((event instanceof DaemonEvent.Stopped || event instanceof DaemonEvent.Errored) && apps.retiring().remove(instance)) {
                bus.publish(new DaemonEvent.Deleted(Apps.subject(instance), event.at(), "retired: " + event.cause()), app, instance);
            }
        });
    }

    /** Why an app cannot be created next to the current ones (and those of the same batch), or null. */
    String whyNotCreate(AppSpec spec, Set<String> alsoCreated) {
        if (apps.get(spec.namespace(), spec.name()) != null || alsoCreated.contains(App.key(spec.namespace(), spec.name()))) {
            return "app '" + spec.name() + "' already exists in namespace '" + spec.namespace() + "': use `jpm restart "
                    + spec.name() + "`, or `jpm delete` it first";
        }
        for (App other : apps.all()) {
            if (other.spec.namespace().equals(spec.namespace())
                    && AppName.fileStem(other.spec.name()).equals(AppName.fileStem(spec.name()))) {
                return "app '" + spec.name() + "' would share log files with app '" + other.spec.name() + "' (both are written as '"
                        + AppName.fileStem(spec.name()) + "'): rename one";
            }
        }
        return null;
    }

    /** Creates an app and starts its instances; its log directory exists already ({@link LogDirs#ensure}). */
    App create(AppSpec spec, List<String> command, String owner) {
        App app = new App(spec, command, owner);
        apps.add(app);
        String cause = owner == null ? "user: jpm start" : "apply: new app";
        publish(new DaemonEvent.AppCreated(Apps.subject(app), apps.clock().instant(), cause, owner, spec.instances()), app);
        log.accept("start " + spec.id() + " x" + spec.instances() + (owner != null ? " (from " + owner + ")" : "") + ": " + command);
        resize(app, spec.instances(), cause);
        return app;
    }

    /** Drops an app none of whose instances has a process (all failed to spawn). */
    void forget(App app) {
        apps.remove(app);
        publish(new DaemonEvent.AppRemoved(Apps.subject(app), apps.clock().instant(), "no instance could start"), app);
        log.accept("forget " + app.spec.id() + ": no instance could start");
    }

    /** Removes an app (apply --prune): it is gone at once, its instances stop and are forgotten when gone. */
    void remove(App app, String cause) {
        apps.remove(app);
        publish(new DaemonEvent.AppRemoved(Apps.subject(app), apps.clock().instant(), cause), app);
        log.accept("remove " + app.spec.id());
        for (Instance i : List.copyOf(app.instances)) retire(i, cause);
        app.instances.clear();
    }

    /**
     * Gives an app a new definition (running processes keep theirs until their next spawn).
     *
     * @param change as {@link DaemonEvent.AppUpdated#change()}: replaced, updated, scaled, reverted
     */
    void redefine(App app, AppSpec spec, List<String> command, String owner, String change, String cause) {
        app.redefine(spec, command);
        app.owner = owner;
        publish(new DaemonEvent.AppUpdated(Apps.subject(app), apps.clock().instant(), cause, change, spec.instances()), app);
    }

    /**
     * Brings an app to {@code n} instances: new ones take the lowest free indices and start;
     * surplus ones (highest indices first) stop and retire. Existing instances are not touched.
     */
    void resize(App app, int n, String cause) {
        app.instances.sort(Comparator.comparingInt(i -> i.index));
        while (app.instances.size() > n) {
            Instance surplus = app.instances.removeLast();
            retire(surplus, cause);
        }
        Set<Integer> used = new HashSet<>();
        for (Instance i : app.instances) used.add(i.index);
        List<Instance> added = new ArrayList<>();
        for (int index = 0; app.instances.size() < n; index++) {
            if (used.contains(index)) continue;
            Instance inst = apps.newInstance(app, index, logs);
            app.instances.add(inst);
            added.add(inst);
        }
        app.instances.sort(Comparator.comparingInt(i -> i.index));
        for (Instance inst : added) fire.fire(inst, new Event.Start(cause));
    }

    /** Stops an instance that no longer belongs to any app; it is forgotten once its processes are gone. */
    void retire(Instance inst, String cause) {
        apps.retiring().add(inst);
        fire.fire(inst, new Event.StopRequested(cause));
        // already settled (stopped or errored): nothing will announce its end
        if (inst.state.status().settledDown() && apps.retiring().remove(inst)) {
            bus.publish(new DaemonEvent.Deleted(Apps.subject(inst), apps.clock().instant(), cause), inst.app, inst);
        }
    }

    /** delete: the instances (settled) leave their apps; an app left without any is removed. */
    void delete(List<Instance> selected, String cause) {
        for (Instance i : selected) {
            App app = i.app;
            app.instances.remove(i);
            bus.publish(new DaemonEvent.Deleted(Apps.subject(i), apps.clock().instant(), cause), app, i);
            if (app.instances.isEmpty()) {
                apps.remove(app);
                publish(new DaemonEvent.AppRemoved(Apps.subject(app), apps.clock().instant(), cause), app);
            } else {
                redefine(app, app.spec.withInstances(app.instances.size()), app.command, app.owner, "scaled", cause);
            }
        }
    }

    private void publish(DaemonEvent e, App app) {
        bus.publish(e, app, null);
    }
}
