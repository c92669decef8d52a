package jpm.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;

/**
 * Replaces instances one at a time (reload, and apply of a cluster app). In cluster mode (a port
 * jpm holds): a new process on the slot's socket; once it is online (ready, when the app waits for
 * readiness; healthy, when it has a health probe) the old one drains and stops. If the new one
 * fails, it is stopped, the old one keeps serving and the rolling stops there. Other apps restart
 * instance by instance, each once the one before is online (and healthy). Runs on the loop.
 */
final class RollingReplacement {
    /**
     * How a rolling replacement ended.
     *
     * @param instances the instances that serve now, in the order they were handled
     * @param failure why it stopped early, or null when every instance was replaced
     */
    record Result(List<Instance> instances, String failure) {}

    private final Apps apps;
    private final AppChanges changes;
    private final EventLoop loop;
    private final EventBus bus;
    private final LogPaths logs;
    private final Fire fire;
    private final Consumer<String> log;
    /** The replacements under way (restart_dependents waits until its dependency's has ended). */
    private final java.util.Set<Run> running = new java.util.HashSet<>();

    RollingReplacement(Apps apps, AppChanges changes, EventLoop loop, EventBus bus, LogPaths logs, Fire fire,
                       Consumer<String> log) {
        this.apps = apps;
        this.changes = changes;
        this.loop = loop;
        this.bus = bus;
        this.logs = logs;
        this.fire = fire;
        this.log = log;
    }

    /** Starts replacing {@code olds} in order; the future completes when done or stopped. */
    CompletableFuture<Result> start(List<Instance> olds, String cause) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        new Run(olds, cause, done).next();
        return done;
    }

    /** Whether a replacement under way has instances of {@code app} still to replace, or replaces one now. */
    boolean replaces(App app) {
        for (Run r : running) {
            if (r.current == app || r.queue.stream().anyMatch(i -> i.app == app)) return true;
        }
        return false;
    }

    /**
     * Whether an online instance of an app with a health probe has not passed nor failed it yet:
     * the next one is replaced only once this one is healthy.
     */
    static boolean awaitsHealth(Instance i) {
        return i.state.status() == Status.ONLINE && i.app.spec.supervision().health().health() != null
                && i.health != HealthStatus.HEALTHY && i.health != HealthStatus.UNHEALTHY;
    }

    /** Online, and healthy when its app has a health probe. */
    static boolean serves(Instance i) {
        return i.state.status() == Status.ONLINE && (i.app.spec.supervision().health().health() == null || i.health == HealthStatus.HEALTHY);
    }

    private final class Run {
        private final ArrayDeque<Instance> queue;
        private final String cause;
        private final CompletableFuture<Result> done;
        private final List<Instance> now = new ArrayList<>();
        /** The app of the instance being replaced, or null between two. */
        private App current;

        Run(List<Instance> olds, String cause, CompletableFuture<Result> done) {
            this.queue = new ArrayDeque<>(olds);
            this.cause = cause;
            this.done = done;
            running.add(this);
        }

        void next() {
            Instance old = queue.poll();
            current = old == null ? null : old.app;
            if (old == null) {
                running.remove(this);
                apps.bumpGeneration();
                done.complete(new Result(now, null));
                return;
            }
            App app = old.app;
            if (!app.instances.contains(old) || !apps.contains(app)) {
                next(); // deleted meanwhile
                return;
            }
            if (!app.sharesSockets() || old.running == null || old.state.status() != Status.ONLINE) {
                step(app, old.index, old.id, null, "restarting");
                fire.fire(old, new Event.RestartRequested(cause));
                loop.when(() -> old.state.status() != Status.STOPPING && old.state.status() != Status.LAUNCHING && !awaitsHealth(old), () -> {
                    if (serves(old) || !app.instances.contains(old)) {
                        now.add(old);
                        next();
                    } else {
                        fail(app, old.index, old.state.reason(), null);
                    }
                });
                return;
            }
            Instance fresh = apps.newInstance(app, old.index, logs);
            app.instances.add(fresh);
            app.instances.sort(Comparator.comparingInt((Instance i) -> i.index).thenComparingLong(i -> i.id));
            apps.touch();
            step(app, old.index, old.id, fresh.id, "replacing");
            fire.fire(fresh, new Event.Start(cause + ": replaces id " + old.id));
            loop.when(() -> fresh.state.status() != Status.LAUNCHING && !awaitsHealth(fresh) || !app.instances.contains(fresh), () -> {
                if (serves(fresh) && app.instances.contains(old)) {
                    app.instances.remove(old);
                    apps.retiring().add(old);
                    apps.touch();
                    step(app, old.index, old.id, fresh.id, "replaced");
                    fire.fire(old, new Event.DrainRequested(cause + ": replaced by id " + fresh.id));
                    now.add(fresh);
                    loop.when(() -> old.state.status().settledDown(), this::next);
                } else {
                    String why = fresh.state.reason() != null ? fresh.state.reason() : "it is " + fresh.state.status().wire()
                            + (fresh.health == HealthStatus.UNHEALTHY ? " but unhealthy" : "");
                    if (app.instances.remove(fresh)) changes.retire(fresh, cause + ": aborted");
                    apps.touch();
                    fail(app, old.index, why, old);
                }
            });
        }

        private void step(App app, int index, Long oldId, Long newId, String phase) {
            Subject slot = new Subject(app.spec.namespace(), app.spec.name(), null, index, null);
            bus.publish(new DaemonEvent.ReloadStep(slot, apps.clock().instant(), cause, oldId, newId, phase), app, null);
        }

        private void fail(App app, int index, String why, Instance kept) {
            running.remove(this);
            current = null;
            apps.bumpGeneration();
            String message = "reload of " + app.spec.id() + " stopped at instance " + index + ": "
                    + (kept != null ? "its new process was not ready: " : "") + (why == null ? "it did not come online" : why)
                    + (kept != null && kept.running != null ? "; the old process (pid " + kept.pid + ") still serves" : "")
                    + (queue.isEmpty() ? "" : "; " + queue.size() + " more instance(s) not reloaded");
            log.accept(message);
            step(app, index, kept == null ? null : kept.id, null, "failed");
            done.complete(new Result(now, message));
        }
    }
}
