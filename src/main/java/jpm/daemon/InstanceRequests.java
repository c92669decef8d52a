package jpm.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jpm.daemon.Lifecycle.Event;
import jpm.daemon.events.DaemonEvent;
import jpm.logs.LogFiles;
import jpm.os.Signals;
import jpm.rpc.ErrorCode;
import jpm.rpc.Response;

/**
 * The requests that act on instances named by a target (stop, restart, start of known apps,
 * reset, sendSignal, send, flush, delete, reload) and the stop of everything. Each runs on the loop and
 * answers once what it asked for holds.
 */
final class InstanceRequests {
    private final Apps apps;
    private final EventLoop loop;
    private final EventBus bus;
    private final Views views;
    private final AppChanges changes;
    private final RollingReplacement rolling;
    private final LogPaths logs;
    private final LogFiles logFiles;
    private final Fire fire;
    private final ChangeTrail trail;
    private final Consumer<String> log;

    InstanceRequests(Apps apps, EventLoop loop, EventBus bus, Views views, AppChanges changes, RollingReplacement rolling,
                     LogPaths logs, LogFiles logFiles, Fire fire, ChangeTrail trail, Consumer<String> log) {
        this.apps = apps;
        this.loop = loop;
        this.bus = bus;
        this.views = views;
        this.changes = changes;
        this.rolling = rolling;
        this.logs = logs;
        this.logFiles = logFiles;
        this.fire = fire;
        this.trail = trail;
        this.log = log;
    }

    /** Sends one event to every selected instance and answers once they all satisfy {@code settled}. */
    CompletableFuture<Response> act(String target, Event event, Predicate<Status> settled) {
        return act(target, event, settled, null);
    }

    /** As {@link #act(String, Event, Predicate)}; {@code command}, when not null, is recorded as each app's change by hand. */
    CompletableFuture<Response> act(String target, Event event, Predicate<Status> settled, String command) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            if (command != null) recordByHand(selected, command);
            for (Instance i : selected) fire.fire(i, event);
            answerWhen(() -> selected.stream().allMatch(i -> settled.test(i.state.status())), f, () -> views.snapshot(selected));
        });
        return f;
    }

    /** {@code jpm stop}: dependents first ({@link #stopInOrder}); answers once every selected instance is settled. */
    CompletableFuture<Response> stop(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            recordByHand(selected, "jpm stop");
            stopInOrder(selected, new Event.StopRequested("user: jpm stop"));
            answerWhen(() -> selected.stream().allMatch(i -> i.state.status().settledDown()), f, () -> views.snapshot(selected));
        });
        return f;
    }

    /**
     * Stops several apps in reverse dependency order ({@link StopOrder}): each level is asked to
     * stop once the level before has settled, through a loop waiter (the loop never waits).
     */
    private void stopInOrder(List<Instance> selected, Event stop) {
        stopLevels(StopOrder.levels(selected, i -> i.app.spec.id(), i -> i.app.spec.supervision().dependencies().dependsOn()), 0, stop);
    }

    private void stopLevels(List<List<Instance>> levels, int k, Event stop) {
        if (k >= levels.size()) return;
        List<Instance> level = levels.get(k);
        for (Instance i : level) fire.fire(i, stop);
        if (k + 1 < levels.size()) {
            loop.when(() -> level.stream().allMatch(i -> i.state.status().settledDown()), () -> stopLevels(levels, k + 1, stop));
        }
    }

    /** {@code jpm reset}: restart counters back to zero. */
    CompletableFuture<Response> reset(String target) {
        return actNow(target, i -> {
            i.state = i.state.resetCounters();
            bus.publish(new DaemonEvent.CountersReset(Apps.subject(i), apps.clock().instant(), "user: jpm reset"), i.app, i);
        });
    }

    /** {@code jpm sendSignal}: to the main process of each running instance (as PM2 does). */
    CompletableFuture<Response> sendSignal(String name, String target) {
        String upper = name.toUpperCase(Locale.ROOT);
        String signal = upper.startsWith("SIG") ? upper : "SIG" + upper;
        try {
            Signals.number(signal);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.BAD_REQUEST,
                    "unknown signal '" + name + "' (use a name such as SIGUSR2 or HUP)"));
        }
        return actNow(target, i -> {
            if (i.running != null) Signals.signalProcess(i.pid, signal);
        });
    }

    /**
     * {@code jpm send}: one message to each selected instance, on its IPC channel or its stdin
     * pipe, or to none of them when one cannot take it now (MessagesToApps decides); never waits
     * for an app to read.
     */
    CompletableFuture<Response> send(String target, Object message) {
        String line;
        try {
            line = MessagesToApps.line(message);
        } catch (MessagesToApps.Refused e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.BAD_REQUEST, e.getMessage()));
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            List<MessagesToApps.Receiver> receivers = selected.stream().map(InstanceRequests::receiver).toList();
            String refusal = MessagesToApps.refusal(receivers);
            if (refusal != null) {
                f.complete(new Response.Failure(ErrorCode.CANNOT_RECEIVE, refusal));
                return;
            }
            List<String> lost = new ArrayList<>();
            for (int k = 0; k < selected.size(); k++) {
                Instance i = selected.get(k);
                Outbox.Offer o = receivers.get(k).inbox() == MessagesToApps.Inbox.IPC ? i.ipc.offer(line) : i.stdin.offer(line);
                // checked a moment ago: only an app that ended or closed its end since gets here
                if (o != Outbox.Offer.SENT) {
                    lost.add(MessagesToApps.appLabel(i.namespace(), i.appName()) + "#" + i.index
                            + (o == Outbox.Offer.FULL ? " (full)" : " (its channel closed)"));
                }
            }
            f.complete(lost.isEmpty() ? views.snapshot(selected) : new Response.Failure(ErrorCode.CANNOT_RECEIVE,
                    "the message did not reach " + String.join(", ", lost) + ", which changed since the check; the "
                            + (selected.size() - lost.size()) + " other instance(s) got it"));
        });
        return f;
    }

    /** How an instance could take a message now, for {@link MessagesToApps#refusal}. */
    private static MessagesToApps.Receiver receiver(Instance i) {
        Status status = i.state.status();
        boolean running = i.running != null && (status == Status.ONLINE || status == Status.LAUNCHING);
        MessagesToApps.Channel stdin = i.stdin == null ? MessagesToApps.Channel.ABSENT
                : i.stdin.readerGone() ? MessagesToApps.Channel.CLOSED
                : i.stdin.ready() ? MessagesToApps.Channel.READY : MessagesToApps.Channel.FULL;
        MessagesToApps.Channel ipc = i.ipc == null ? MessagesToApps.Channel.ABSENT
                : i.ipc.isClosed() ? MessagesToApps.Channel.CLOSED
                : i.ipc.ready() ? MessagesToApps.Channel.READY : MessagesToApps.Channel.FULL;
        boolean node = i.app.nodeAdapter || App.isNode(i.app.command);
        return new MessagesToApps.Receiver(i.namespace(), i.appName(), i.index, running, status,
                MessagesToApps.inbox(i.app.spec.launch().stdinMessages(), stdin, node, ipc));
    }

    /** {@code jpm flush}: empties the current log files of the target (rotated ones stay). */
    CompletableFuture<Response> flush(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            Set<Path> paths = new LinkedHashSet<>();
            for (Instance i : selected) {
                paths.add(i.outLog);
                paths.add(i.errLog);
                Path combined = logs.combined(i.app.spec, i.index);
                if (combined != null) {
                    try {
                        paths.add(logs.canonical(combined));
                    } catch (IOException e) {
                        log.accept("flush: " + combined + ": " + e.getMessage());
                    }
                }
            }
            List<String> failed = new ArrayList<>();
            for (Path p : paths) {
                try {
                    logFiles.truncate(p);
                } catch (IOException e) {
                    failed.add(p + ": " + e.getMessage());
                }
            }
            f.complete(failed.isEmpty() ? new Response.Done("emptied " + paths.size() + " log file(s)")
                    : new Response.Failure(ErrorCode.INTERNAL, "could not empty " + String.join("; ", failed)));
        });
        return f;
    }

    /** {@code jpm delete}: stops the instances, then forgets them (and apps left without any). */
    CompletableFuture<Response> delete(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            stopInOrder(selected, new Event.StopRequested("user: jpm delete"));
            answerWhen(() -> selected.stream().allMatch(i -> i.state.status().settledDown()), f, () -> {
                Response r = views.snapshot(selected);
                for (App app : appsOf(selected)) {
                    // all of its instances: the app goes (the journal keeps who removed it); else it shrinks
                    if (selected.containsAll(app.instances)) trail.removedByHand(app, "jpm delete");
                    else trail.byHand(app, "jpm delete");
                }
                changes.delete(selected, "user: jpm delete");
                apps.bumpGeneration();
                log.accept("deleted " + selected.size() + " instance(s) for target '" + target + "'");
                return r;
            });
        });
        return f;
    }

    /** {@code jpm reload}: rolling replacement of the target's instances, one at a time, in app and index order. */
    CompletableFuture<Response> reload(String target) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            apps.bumpGeneration(); // an apply planned before the reload must plan again
            rolling.start(selected, "user: jpm reload").thenAccept(result -> f.complete(result.failure() == null
                    ? views.snapshot(result.instances()) : new Response.Failure(ErrorCode.NOT_READY, result.failure())));
        });
        return f;
    }

    /** Stops every instance (retiring ones too); the future completes when no process of any app is left. */
    CompletableFuture<Response> stopEverything(Runnable whenStopped) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> all = apps.instancesAndRetiring();
            stopInOrder(all, new Event.StopRequested("daemon shutdown"));
            answerWhen(() -> all.stream().allMatch(i -> i.state.status().settledDown()), f, () -> {
                whenStopped.run();
                return new Response.Done("stopped " + all.size() + " instance(s); the daemon exits");
            });
        });
        return f;
    }

    /** Records a command as the change by hand of every app an instance of which it selected. */
    private void recordByHand(List<Instance> selected, String command) {
        for (App app : appsOf(selected)) trail.byHand(app, command);
    }

    private static Set<App> appsOf(List<Instance> selected) {
        Set<App> out = new LinkedHashSet<>();
        for (Instance i : selected) out.add(i.app);
        return out;
    }

    /** Does something to each selected instance now and answers with them (no waiting). */
    private CompletableFuture<Response> actNow(String target, Consumer<Instance> action) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            List<Instance> selected = selectOrAnswer(target, f);
            if (selected == null) return;
            selected.forEach(action);
            f.complete(views.snapshot(selected));
        });
        return f;
    }

    /**
     * The instances a target names, or null after answering {@code f} that it names none.
     * "all" on an empty daemon is not a mistake (stop all, delete all in scripts): an empty list.
     */
    private List<Instance> selectOrAnswer(String target, CompletableFuture<Response> f) {
        List<Instance> selected = Targets.select(apps.instances(), target);
        if (!selected.isEmpty() || target.equals("all")) return selected;
        f.complete(Views.notFound(target));
        return null;
    }

    /** Completes the future with {@code answer} once {@code done} holds (checked after the loop's tasks). */
    private void answerWhen(java.util.function.BooleanSupplier done, CompletableFuture<Response> f,
                            java.util.function.Supplier<Response> answer) {
        loop.when(done, () -> {
            try {
                f.complete(answer.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
                if (t instanceof Error e) throw e; // for the loop's log
            }
        });
    }
}
