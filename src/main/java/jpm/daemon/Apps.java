package jpm.daemon;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.daemon.events.Subject;

/**
 * Every app and instance the daemon owns, with the counters that go with them (next instance id,
 * generation). Touched only on the loop. Holds no behaviour beyond keeping them consistent.
 */
final class Apps {
    private final Map<String, App> byKey = new LinkedHashMap<>();
    /** Instances removed from their app (scale down, remove, reload) whose processes are still stopping. */
    private final Set<Instance> retiring = new HashSet<>();
    private final Clock clock;
    /** Apps of ecosystem files removed by a command, oldest first ({@link ChangeTrail} bounds it). */
    private final List<jpm.daemon.state.SavedState.Removed> removed = new ArrayList<>();
    private long nextId;
    /** Bumped on every change of desired state; apply executes its plan only at the generation it planned on. */
    private long generation;
    /** Something that state.json holds changed without an event (generation, counters). */
    private boolean touched;

    Apps(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    App get(String namespace, String name) {
        return byKey.get(App.key(namespace, name));
    }

    boolean contains(App app) {
        return byKey.get(app.key()) == app;
    }

    void add(App app) {
        byKey.put(app.key(), app);
    }

    void remove(App app) {
        byKey.remove(app.key(), app);
    }

    Collection<App> all() {
        return byKey.values();
    }

    int size() {
        return byKey.size();
    }

    int instanceCount() {
        int n = 0;
        for (App a : byKey.values()) n += a.instances.size();
        return n;
    }

    /** Every instance of every app, by id. */
    List<Instance> instances() {
        List<Instance> all = new ArrayList<>();
        for (App a : byKey.values()) all.addAll(a.instances);
        all.sort(Comparator.comparingLong(Instance::id));
        return all;
    }

    /** Every instance that may have a process, in no order: {@link #instancesAndRetiring} without its sort. */
    void forEachInstanceAndRetiring(java.util.function.Consumer<Instance> action) {
        for (App a : byKey.values()) a.instances.forEach(action);
        retiring.forEach(action);
    }

    /** Every instance that may have a process: the apps' and the retiring ones. */
    List<Instance> instancesAndRetiring() {
        List<Instance> all = instances();
        all.addAll(retiring);
        return all;
    }

    List<jpm.daemon.state.SavedState.Removed> removed() {
        return removed;
    }

    Set<Instance> retiring() {
        return retiring;
    }

    Instance newInstance(App app, int index, LogPaths logs) {
        return new Instance(nextId++, app, index, logs.out(app.spec, index), logs.err(app.spec, index));
    }

    /** Never hands out an id a process of this home may still carry (restore). */
    void reserveIdsUpTo(long id) {
        nextId = Math.max(nextId, id + 1);
    }

    long nextId() {
        return nextId;
    }

    long generation() {
        return generation;
    }

    void bumpGeneration() {
        generation++;
        touched = true;
    }

    void restoreCounters(long nextId, long generation) {
        this.nextId = nextId;
        this.generation = generation;
    }

    /** Marks a change of what state.json holds that no event announced. */
    void touch() {
        touched = true;
    }

    /** Whether something was touched since the last call. */
    boolean takeTouched() {
        boolean t = touched;
        touched = false;
        return t;
    }

    static Subject subject(App app) {
        return Subject.app(app.spec.namespace(), app.spec.name());
    }

    static Subject subject(Instance i) {
        return new Subject(i.app.spec.namespace(), i.app.spec.name(), i.id, i.index, i.pid > 0 ? i.pid : null);
    }
}
