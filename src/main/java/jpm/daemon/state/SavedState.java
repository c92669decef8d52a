package jpm.daemon.state;

import java.time.Instant;
import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * The daemon's apps and instances as it saves them to {@code state.json} (and, without
 * instances, to {@code dump.json}) and reads them back after a crash or an update. The file's
 * own shape is {@link StateRecord}; {@link StateFormat} converts between the two.
 */
public record SavedState(long nextId, long generation, List<SavedApp> apps, List<Removed> removed) {
    public SavedState {
        removed = removed == null ? List.of() : List.copyOf(removed);
    }

    public SavedState(long nextId, long generation, List<SavedApp> apps) {
        this(nextId, generation, apps, List.of());
    }

    public static SavedState empty() {
        return new SavedState(0, 0, List.of());
    }

    /**
     * An app, its owner and its instances; what its last apply set and its last change by hand
     * (each null when there is none: drift is told from them).
     */
    public record SavedApp(AppSpec spec, String owner, List<SavedInstance> instances, Applied applied, Changed changed) {
        public SavedApp(AppSpec spec, String owner, List<SavedInstance> instances) {
            this(spec, owner, instances, null, null);
        }
    }

    /** What the last apply that changed an app set: its file and size. */
    public record Applied(String file, int instances, Instant at) {}

    /** The last command that changed an app by hand ({@code jpm stop}, {@code jpm scale}, ...), its user and time. */
    public record Changed(String command, String user, Instant at) {}

    /** An app of an ecosystem file removed by a command: the journal of removals keeps it a while. */
    public record Removed(String app, String file, String command, String user, Instant at) {}

    /**
     * One instance as it was last known; pid and startTicks identify its process, if any.
     * startAfterStop: a stop in progress is the first half of a restart.
     */
    public record SavedInstance(long id, int index, Long pid, Long startTicks, String status, int restarts,
                                int unstableRestarts, Integer exitCode, String exitSignal, String reason,
                                boolean startAfterStop) {}
}
