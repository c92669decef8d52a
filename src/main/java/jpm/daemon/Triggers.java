package jpm.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.CronSchedule;
import jpm.home.JpmHome;

/**
 * An app's watch and cron_restart: each restarts the app's running instances (a stopped or
 * errored app stays so, as in PM2). Follows the apps' definitions from the event bus: wired when
 * an app is created or redefined, unwired when it is removed.
 */
final class Triggers {
    private final Apps apps;
    private final JpmHome home;
    private final LogPaths logs;
    private final EventBus bus;
    private final Fire fire;
    private final Consumer<Runnable> post;
    private final Consumer<String> log;
    private final FileWatcher watcher;
    private final CronScheduler cron = new CronScheduler();

    Triggers(Apps apps, JpmHome home, LogPaths logs, EventBus bus, Fire fire, Consumer<Runnable> post, Consumer<String> log) {
        this.apps = apps;
        this.home = home;
        this.logs = logs;
        this.bus = bus;
        this.fire = fire;
        this.post = post;
        this.log = log;
        this.watcher = new FileWatcher(log);
        bus.subscribe((event, app, instance) -> {
            switch (event) {
                case DaemonEvent.AppCreated e -> rewire(app);
                case DaemonEvent.AppUpdated e when !e.change().equals("scaled") -> rewire(app);
                case DaemonEvent.AppRemoved e -> unwire(app);
                default -> {}
            }
        });
    }

    private void rewire(App app) {
        rewatch(app);
        reschedule(app);
    }

    private void unwire(App app) {
        watcher.unwatch(app.key());
        cron.unschedule(app.key());
    }

    /**
     * Follows an app's watch settings: a change under its watched paths restarts its running
     * instances with cause "watch: PATH". jpm's own files (JPM_HOME, the app's log files) are
     * never watched, so an app logging into its watched cwd cannot loop.
     */
    private void rewatch(App app) {
        if (app.spec.supervision().triggers().watch().isEmpty()) {
            watcher.unwatch(app.key());
            return;
        }
        List<Path> ignored = new ArrayList<>();
        ignored.add(home.dir());
        for (int i = 0; i < app.spec.instances(); i++) {
            ignored.add(logs.out(app.spec, i));
            ignored.add(logs.err(app.spec, i));
        }
        String namespace = app.spec.namespace();
        String name = app.spec.name();
        try {
            watcher.watch(app.key(), WatchSpec.of(app.spec.supervision().triggers(), ignored), path -> post.accept(() -> {
                App current = apps.get(namespace, name);
                if (current == null) return;
                bus.publish(new DaemonEvent.WatchTriggered(Apps.subject(current), apps.clock().instant(), "watch: " + path,
                        path.toString()), current, null);
                restartOnline(current, "watch: " + path);
            }));
        } catch (RuntimeException e) {
            log.accept(app.spec.id() + ": cannot watch " + app.spec.supervision().triggers().watch() + ": " + e.getMessage());
        }
    }

    /** Follows an app's cron_restart: each fire restarts its running instances with cause "cron: EXPR". */
    private void reschedule(App app) {
        String expr = app.spec.supervision().triggers().cronRestart();
        if (expr == null || CronSchedule.isDisabled(expr)) {
            cron.unschedule(app.key());
            return;
        }
        String namespace = app.spec.namespace();
        String name = app.spec.name();
        try {
            cron.schedule(app.key(), CronSchedule.parse(expr), () -> post.accept(() -> {
                App current = apps.get(namespace, name);
                // a fire that raced with a change of the schedule is dropped
                if (current == null || !expr.equals(current.spec.supervision().triggers().cronRestart())) return;
                bus.publish(new DaemonEvent.CronTriggered(Apps.subject(current), apps.clock().instant(), "cron: " + expr, expr),
                        current, null);
                restartOnline(current, "cron: " + expr);
            }));
        } catch (RuntimeException e) {
            log.accept(app.spec.id() + ": cannot schedule cron_restart '" + expr + "': " + e.getMessage());
        }
    }

    private void restartOnline(App app, String cause) {
        for (Instance i : List.copyOf(app.instances)) {
            if (i.state.status() == Status.ONLINE) fire.fire(i, new Lifecycle.Event.RestartRequested(cause));
        }
    }
}
