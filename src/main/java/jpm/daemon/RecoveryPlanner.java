package jpm.daemon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jpm.daemon.state.SavedState.SavedInstance;
import jpm.os.ProcFs;

/**
 * What a new daemon does with each instance state.json records, given the processes it finds
 * (crash-safety.md). Pure: the processes come in as /proc records, and RecoveryPlannerTest
 * covers every case. {@link Restorer} carries the decisions out.
 */
final class RecoveryPlanner {
    private RecoveryPlanner() {}

    /** What to do once a process is adopted. */
    enum Finish {
        NOTHING,
        /** The previous daemon was stopping it: finish the stop. */
        STOP,
        /** The previous daemon was restarting it (the stop half): stop it and start it again. */
        RESTART
    }

    /** A live process that is this instance, to adopt, in order of preference. */
    record Candidate(long pid, long startTicks, Finish then) {}

    /**
     * @param state the instance's state before any adoption (stopped or errored, with its counters)
     * @param adopt processes to try to adopt, first that is still alive wins
     * @param restartOtherwise when none is adopted: start the instance again (it should run)
     */
    record Decision(Lifecycle.State state, List<Candidate> adopt, boolean restartOtherwise) {}

    /**
     * @param recorded the process state.json records for the instance, as /proc shows it now (empty if none)
     * @param tagged live processes of this home that carry the instance's id in their environment
     */
    static Decision decide(SavedInstance si, Optional<ProcFs.Stat> recorded, List<ProcFs.Stat> tagged) {
        Status was = Arrays.stream(Status.values()).filter(v -> v.wire().equals(si.status())).findFirst().orElse(Status.STOPPED);
        Lifecycle.State base = Lifecycle.State.initial().withCounters(si.restarts(), si.unstableRestarts())
                .withExit(si.exitCode(), si.exitSignal()).to(was == Status.ERRORED ? Status.ERRORED : Status.STOPPED)
                .withReason(was.settledDown() ? si.reason() : null);
        if (was.settledDown()) return new Decision(base, List.of(), false);
        // a stop that was the first half of a restart still ends with the instance running
        boolean shouldRun = was != Status.STOPPING || si.startAfterStop();
        List<Candidate> adopt = new ArrayList<>(2);
        if (recorded.isPresent() && !recorded.get().zombie() && si.startTicks() != null
                && recorded.get().startTicks() == si.startTicks()) {
            Finish then = was != Status.STOPPING ? Finish.NOTHING : shouldRun ? Finish.RESTART : Finish.STOP;
            adopt.add(new Candidate(si.pid(), si.startTicks(), then));
        }
        // A spawn whose pid was never written happens only where the state has no process (a
        // start, a restart after backoff) or the stop half of a restart: elsewhere a tagged group
        // leader is a child that called setsid and outlived the main process, not it.
        boolean spawnPending = si.pid() == null || (was == Status.STOPPING && si.startAfterStop());
        long savedStart = si.startTicks() == null ? -1 : si.startTicks();
        if (shouldRun && spawnPending) {
            tagged.stream().filter(st -> st.pgid() == st.pid() && st.startTicks() > savedStart).findFirst()
                    .ifPresent(st -> adopt.add(new Candidate(st.pid(), st.startTicks(), Finish.NOTHING)));
        }
        return new Decision(base, List.copyOf(adopt), shouldRun);
    }

    /** The processes of an adopted instance outside its main process's group: extra roots of its tree while they live. */
    static List<ProcFs.Stat> escapers(List<ProcFs.Stat> tagged, long mainPid) {
        return tagged.stream().filter(st -> st.pid() != mainPid && st.pgid() != mainPid).toList();
    }

    /** Tagged processes of instances that were not adopted: nothing tracks them, so they are stopped. */
    static List<ProcFs.Stat> strays(Map<Long, List<ProcFs.Stat>> tagged, Set<Long> adoptedIds) {
        return tagged.entrySet().stream().filter(e -> !adoptedIds.contains(e.getKey())).flatMap(e -> e.getValue().stream()).toList();
    }
}
