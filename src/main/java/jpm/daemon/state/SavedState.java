package jpm.daemon.state;

import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * The daemon's apps and instances as it saves them to {@code state.json} (and, without
 * instances, to {@code dump.json}) and reads them back after a crash or an update. The file's
 * own shape is {@link StateRecord}; {@link StateFormat} converts between the two.
 */
public record SavedState(long nextId, long generation, List<SavedApp> apps) {
    public static SavedState empty() {
        return new SavedState(0, 0, List.of());
    }

    /** An app, its owner and its instances. */
    public record SavedApp(AppSpec spec, String owner, List<SavedInstance> instances) {}

    /**
     * One instance as it was last known; pid and startTicks identify its process, if any.
     * startAfterStop: a stop in progress is the first half of a restart.
     */
    public record SavedInstance(long id, int index, Long pid, Long startTicks, String status, int restarts,
                                int unstableRestarts, Integer exitCode, String exitSignal, String reason,
                                boolean startAfterStop) {}
}
