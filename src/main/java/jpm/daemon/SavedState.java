package jpm.daemon;

import java.util.List;
import jpm.spec.AppSpec;

/**
 * What {@code state.json} holds (see {@link StateStore}). Public, with public nested records,
 * because the JSON codec binds them by reflection from another package.
 */
public record SavedState(int version, long nextId, long generation, List<SavedApp> apps) {
    static SavedState empty() {
        return new SavedState(StateStore.VERSION, 0, 0, List.of());
    }

    /** An app, its owner and its instances. */
    public record SavedApp(AppSpec spec, String owner, List<SavedInstance> instances) {}

    /**
     * One instance as it was last known; pid and startTicks identify its process, if any.
     * startAfterStop: a stop in progress is the first half of a restart (absent in older files: no).
     */
    public record SavedInstance(long id, int index, Long pid, Long startTicks, String status, int restarts,
                                int unstableRestarts, Integer exitCode, String exitSignal, String reason,
                                Boolean startAfterStop) {}
}
