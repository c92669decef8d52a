package jpm.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.state.SavedState;
import jpm.ecosystem.CommandResolver;
import jpm.ecosystem.SpecException;
import jpm.os.ProcFs;
import jpm.os.Signals;

/**
 * Rebuilds the apps of a daemon that died, before serving: carries out {@link RecoveryPlanner}'s
 * decisions. An instance whose process is still alive (same pid, same /proc start time) is adopted
 * without a restart; one that should run but whose process is gone is started again; stopped and
 * errored ones stay so; processes of this home that nothing records are stopped.
 */
final class Restorer {
    /** How long a process found running without a record gets between SIGTERM and SIGKILL. */
    static final Duration UNRECORDED_KILL_AFTER = Duration.ofSeconds(3);

    private final Apps apps;
    private final CommandResolver resolver;
    private final Launcher launcher;
    private final TreeTracker trees;
    private final EventBus bus;
    private final Fire fire;
    private final ScheduledExecutorService timers;
    private final String stateFile;
    private final Consumer<String> log;

    Restorer(Apps apps, CommandResolver resolver, Launcher launcher, TreeTracker trees, EventBus bus, Fire fire,
             ScheduledExecutorService timers, String stateFile, Consumer<String> log) {
        this.apps = apps;
        this.resolver = resolver;
        this.launcher = launcher;
        this.trees = trees;
        this.bus = bus;
        this.fire = fire;
        this.timers = timers;
        this.stateFile = stateFile;
        this.log = log;
    }

    void restore(SavedState saved) {
        apps.restoreCounters(saved.nextId(), saved.generation());
        apps.removed().addAll(saved.removed());
        // Processes of this home that state.json may not know: a daemon that died between a spawn
        // and the write of its pid leaves them running. Found by their tag, never by name.
        Map<Long, List<ProcFs.Stat>> tagged = new HashMap<>();
        for (ProcFs.Stat st : ProcFs.all()) {
            if (st.pid() == trees.daemonPid() || st.zombie()) continue;
            Long id = trees.tagOf(st.pid());
            if (id != null) tagged.computeIfAbsent(id, k -> new ArrayList<>()).add(st);
        }
        Map<Long, Instance> adopted = new HashMap<>();
        int restarted = 0;
        for (SavedState.SavedApp sa : saved.apps()) {
            List<String> command;
            try {
                command = resolver.resolve(sa.spec());
            } catch (SpecException e) {
                command = List.of(sa.spec().launch().script()); // respawns will fail and say why; adopted ones keep running
                log.accept("restore " + sa.spec().id() + ": " + e.getMessage());
            }
            App app = new App(sa.spec(), command, sa.owner());
            app.applied = sa.applied();
            app.changed = sa.changed();
            apps.add(app);
            for (SavedState.SavedInstance si : sa.instances()) {
                Instance inst = new Instance(si.id(), app, si.index(), launcher.canonicalOrAsIs(launcher.logs().out(sa.spec(), si.index())),
                        launcher.canonicalOrAsIs(launcher.logs().err(sa.spec(), si.index())));
                apps.reserveIdsUpTo(si.id());
                app.instances.add(inst);
                var recorded = si.pid() == null ? java.util.Optional.<ProcFs.Stat>empty() : ProcFs.stat(si.pid());
                RecoveryPlanner.Decision d = RecoveryPlanner.decide(si, recorded, tagged.getOrDefault(si.id(), List.of()));
                inst.state = d.state();
                RecoveryPlanner.Candidate taken = d.adopt().stream().filter(c -> adopt(inst, c)).findFirst().orElse(null);
                if (taken != null) {
                    adopted.put(si.id(), inst);
                    switch (taken.then()) {
                        case NOTHING -> {}
                        case STOP -> fire.fire(inst, new Lifecycle.Event.StopRequested("daemon restart: finishing a stop"));
                        case RESTART -> fire.fire(inst, new Lifecycle.Event.RestartRequested("daemon restart: finishing a restart"));
                    }
                } else if (d.restartOtherwise() && si.status().equals(Status.WAITING.wire())) {
                    // it never ran: it goes on waiting (or starts, if what it waits for holds by now); no restart counted
                    fire.fire(inst, new Lifecycle.Event.Start("daemon restart: waiting for its dependencies"));
                } else if (d.restartOtherwise()) {
                    fire.fire(inst, new Lifecycle.Event.RestartRequested("daemon restart: its process was gone"));
                    restarted++;
                }
            }
            bus.publish(new DaemonEvent.AppCreated(Apps.subject(app), apps.clock().instant(), "daemon restart: restored",
                    app.owner, app.instances.size()), app, null);
        }
        if (!saved.apps().isEmpty()) {
            log.accept("restored " + saved.apps().size() + " app(s) from " + stateFile + ": " + adopted.size()
                    + " running instance(s) adopted, " + restarted + " started again");
        }
        adopted.forEach((id, inst) -> {
            for (ProcFs.Stat st : RecoveryPlanner.escapers(tagged.getOrDefault(id, List.of()), inst.pid)) {
                trees.addEscaper(st.pid(), id, st.startTicks());
            }
        });
        for (long id : tagged.keySet()) apps.reserveIdsUpTo(id); // never reuse the tag of a process still dying
        stopUnrecorded(RecoveryPlanner.strays(tagged, adopted.keySet()));
        apps.touch();
    }

    /** Adopts a live process as the instance's: online, without a restart. False if it is gone by now. */
    private boolean adopt(Instance inst, RecoveryPlanner.Candidate c) {
        if (!launcher.watchAdopted(inst, c.pid(), c.startTicks())) return false;
        Instant started = ProcFs.bootTime().plusMillis(c.startTicks() * 1000 / ProcFs.TICKS_PER_SECOND);
        inst.state = inst.state.to(Status.ONLINE).withStartedAt(started);
        inst.history.addLast(new HistoryEntry(apps.clock().instant().toString(), "stopped", "online",
                "adopted after a daemon restart (pid " + c.pid() + ")"));
        return true;
    }

    /**
     * Processes of this home that belong to no instance after a restore (the state that would
     * have recorded them was never written): stopped, SIGTERM then SIGKILL, so a re-apply
     * starts each app exactly once and nothing runs untracked.
     */
    private void stopUnrecorded(List<ProcFs.Stat> strays) {
        if (strays.isEmpty()) return;
        log.accept("stopping " + strays.size() + " process(es) of this home that state.json does not record: "
                + strays.stream().map(st -> Long.toString(st.pid())).toList());
        for (ProcFs.Stat st : strays) {
            Signals.signalProcess(st.pid(), "SIGTERM");
            Signals.signalProcess(st.pid(), "SIGCONT");
        }
        // off the loop: a plain check of the same processes (pid and start time), no state touched
        timers.schedule(() -> {
            for (ProcFs.Stat st : strays) {
                if (ProcFs.stat(st.pid()).map(now -> now.startTicks() == st.startTicks() && !now.zombie()).orElse(false)) {
                    Signals.signalProcess(st.pid(), "SIGKILL");
                }
            }
        }, UNRECORDED_KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }
}
