package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.daemon.state.SavedState;

/** The daemon's apps as state.json records them: definitions, their last apply and change by hand, per instance its process and
 * counters, and the journal of removals. */
final class StateSnapshot {
    private StateSnapshot() {}

    static SavedState of(Apps apps) {
        List<SavedState.SavedApp> saved = new ArrayList<>();
        for (App a : apps.all()) {
            List<SavedState.SavedInstance> insts = new ArrayList<>();
            for (Instance i : a.instances) {
                Lifecycle.State st = i.state;
                boolean running = i.running != null;
                insts.add(new SavedState.SavedInstance(i.id, i.index, running ? i.pid : null, running ? i.startTicks : null,
                        st.status().wire(), st.restarts(), st.unstableRestarts(), st.exitCode(), st.exitSignal(), st.reason(),
                        st.status() == Status.STOPPING && st.after() == Lifecycle.After.START_AGAIN));
            }
            saved.add(new SavedState.SavedApp(a.spec, a.owner, insts, a.applied, a.changed));
        }
        return new SavedState(apps.nextId(), apps.generation(), saved, apps.removed());
    }
}
