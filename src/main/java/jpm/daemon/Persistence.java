package jpm.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.home.JpmHome;

/**
 * The one writer of state.json and dump.json. Follows the event bus: any event that changes what
 * state.json holds marks it dirty, and it is written once, after the loop task (crash-safety.md).
 * A failed write (disk full) is remembered, reported by mutating commands, and retried by the scan.
 */
final class Persistence {
    private final Apps apps;
    private final JpmHome home;
    private final Consumer<String> log;
    private final StateStore store;
    private final StateStore dumpStore;
    /** Set by anything that changes what state.json holds; written after the loop task. */
    private boolean dirty;
    /** Why the last write of state.json failed (disk full, ...), or null: mutating commands report it. */
    private String failure;
    /** Stopping everything or handed over: nothing is written any more. */
    private boolean frozen;

    Persistence(Apps apps, JpmHome home, EventBus bus, Consumer<String> log) {
        this.apps = apps;
        this.home = home;
        this.log = log;
        this.store = new StateStore(home.stateFile(), CrashPoint.MID_STATE_WRITE, log);
        this.dumpStore = new StateStore(home.dumpFile(), CrashPoint.MID_DUMP_WRITE, log);
        bus.subscribe((event, app, instance) -> {
            if (changesSavedState(event)) dirty = true;
        });
    }

    /** Whether state.json holds what the event changed (status, pid, counters, definitions, membership). */
    static boolean changesSavedState(DaemonEvent event) {
        return switch (event) {
            case DaemonEvent.Starting e -> true;
            case DaemonEvent.Spawned e -> true;
            case DaemonEvent.Online e -> true;
            case DaemonEvent.RestartScheduled e -> true;
            case DaemonEvent.Waiting e -> true;
            case DaemonEvent.StopRequested e -> true;
            case DaemonEvent.Draining e -> true;
            case DaemonEvent.Stopped e -> true;
            case DaemonEvent.Errored e -> true;
            case DaemonEvent.Deleted e -> true;
            case DaemonEvent.CountersReset e -> true;
            case DaemonEvent.AppCreated e -> true;
            case DaemonEvent.AppUpdated e -> true;
            case DaemonEvent.AppRemoved e -> true;
            // the exit code of a stopping instance, readiness (then online), triggers (then a restart)
            case DaemonEvent.Exited e -> false;
            case DaemonEvent.Ready e -> false;
            case DaemonEvent.KillEscalated e -> false;
            case DaemonEvent.MemoryLimitExceeded e -> false;
            case DaemonEvent.WatchTriggered e -> false;
            case DaemonEvent.CronTriggered e -> false;
            case DaemonEvent.Message e -> false;
            case DaemonEvent.SyncApplied e -> false; // sync/sources.json is the sync's own
            case DaemonEvent.SyncFailed e -> false;
            case DaemonEvent.ReloadStep e -> false;
            // not saved: a new daemon probes the instances it adopts afresh (they are starting again)
            case DaemonEvent.Health e -> false;
        };
    }

    /** After every loop task: writes state.json if something it holds changed. */
    void endOfTask() {
        if (apps.takeTouched()) dirty = true;
        if (dirty) save();
    }

    /** Why the last write failed, or null when state.json is current. */
    String failure() {
        return failure;
    }

    /** Writes again after the current task (the scan retries a failed write). */
    void retry() {
        dirty = true;
    }

    /** Writes state.json now; a failure (disk full, ...) is logged and the daemon carries on. */
    void save() {
        dirty = false;
        if (frozen) return; // stopping everything: the state is cleared when done
        try {
            store.save(StateSnapshot.of(apps));
            if (failure != null) log.accept("wrote " + home.stateFile() + " again");
            failure = null;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : String.valueOf(e.getMessage());
            // logged once per failure streak; the scan retries every 2 s
            if (!why.equals(failure)) log.accept("cannot write " + home.stateFile() + " (the previous state stays): " + why);
            failure = why;
        }
    }

    /** No more writes: the daemon stops everything (then {@link #clear}) or hands over to a successor. */
    void freeze() {
        frozen = true;
    }

    /** kill: the next daemon starts empty, as with PM2; state.json is for surviving a crash, not a deliberate stop. */
    void clear() {
        store.clear();
    }

    /**
     * What state.json holds. A file of a newer format is refused: the daemon must not start then,
     * or it would overwrite the file and stop as strays the processes the file records.
     */
    SavedState load() throws NewerFormatException {
        return store.load();
    }

    /** Whether state.json (or its backup) exists: false on a fresh start, after a boot or a deliberate stop. */
    boolean exists() {
        return store.exists();
    }

    /** {@code jpm save}: the definitions only (no pids): what resurrect starts again. Returns how many. */
    int saveDump() throws IOException {
        List<SavedState.SavedApp> saved = new ArrayList<>();
        for (App a : apps.all()) saved.add(new SavedState.SavedApp(a.spec, a.owner, List.of()));
        dumpStore.save(new SavedState(0, 0, saved));
        return saved.size();
    }

    SavedState loadDump() throws NewerFormatException {
        return dumpStore.load();
    }
}
