package jpm.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.home.JpmHome;

/**
 * The one writer of state.json and dump.json. Follows the event bus: any event that changes what
 * state.json holds marks it dirty, and it is written after the loop task (crash-safety.md), paced
 * ({@link #delayNanos}): a write follows the previous one by at least four times that one's
 * duration, so writing the whole file takes at most a fifth of the loop however many instances it
 * holds, and a burst of events (a thousand exits) makes a few writes, not one per event. Before a
 * mutating command is answered, the state is written ({@link #flush}). A failed write (disk full)
 * is remembered, reported by mutating commands, and retried by the scan.
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
    /** A paced write is due: a task is queued for it. */
    private boolean writeQueued;
    /** System.nanoTime() at the end of the last write, and how long it took. */
    private long lastWriteEnd = Long.MIN_VALUE / 2;
    private long lastWriteNanos;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    private final LongSupplier nanoTime;

    /** The longest a change waits for its write (a crash in that window is recovered by the tags: crash-safety.md). */
    static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    Persistence(Apps apps, JpmHome home, EventBus bus, ScheduledExecutorService timers, Consumer<Runnable> post,
                Consumer<String> log) {
        this(apps, home, bus, timers, post, System::nanoTime, log);
    }

    Persistence(Apps apps, JpmHome home, EventBus bus, ScheduledExecutorService timers, Consumer<Runnable> post,
                LongSupplier nanoTime, Consumer<String> log) {
        this.apps = apps;
        this.home = home;
        this.log = log;
        this.timers = timers;
        this.post = post;
        this.nanoTime = nanoTime;
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

    /**
     * How long a write must wait: 0 when the previous write ended at least four of its durations
     * ago, else the rest of that gap, never more than {@link #MAX_DELAY_NANOS}. Four durations
     * keep the writes at most a fifth of the loop's time: a file of 10,000 instances that takes
     * 50 ms to write is written at most every 250 ms; one of 100 that takes 2 ms, after 8 ms.
     */
    static long delayNanos(long sinceLastWriteEnd, long lastWriteNanos) {
        long gap = Math.min(MAX_DELAY_NANOS, 4 * lastWriteNanos);
        return Math.max(0, gap - sinceLastWriteEnd);
    }

    /** After every loop task: writes state.json if something it holds changed, paced ({@link #delayNanos}). */
    void endOfTask() {
        if (apps.takeTouched()) dirty = true;
        if (!dirty || frozen) return;
        long delay = delayNanos(nanoTime.getAsLong() - lastWriteEnd, lastWriteNanos);
        if (delay == 0) {
            save();
        } else if (!writeQueued) {
            writeQueued = true;
            // an empty task: this method runs after it, and the gap has passed by then
            timers.schedule(() -> post.accept(() -> writeQueued = false), delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Writes now what is not written yet: before a mutating command is answered. */
    void flush() {
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
        long start = nanoTime.getAsLong();
        try {
            store.save(StateSnapshot.of(apps));
            lastWriteEnd = nanoTime.getAsLong();
            lastWriteNanos = lastWriteEnd - start;
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
