package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jpm.daemon.RecoveryPlanner.Candidate;
import jpm.daemon.RecoveryPlanner.Decision;
import jpm.daemon.RecoveryPlanner.Finish;
import jpm.daemon.state.SavedState.SavedInstance;
import jpm.os.ProcFs;
import org.junit.jupiter.api.Test;

/** What a new daemon does with each saved instance, given the processes it finds (crash-safety.md). */
class RecoveryPlannerTest {
    static SavedInstance saved(String status, Long pid, Long startTicks, boolean startAfterStop) {
        return new SavedInstance(3, 0, pid, startTicks, status, 4, 1, 1, null, "a reason", startAfterStop);
    }

    /** A live process: pid, its group, its start time. */
    static ProcFs.Stat proc(long pid, long pgid, long startTicks) {
        return new ProcFs.Stat(pid, 'S', 1, pgid, 0, startTicks, 0);
    }

    static ProcFs.Stat zombie(long pid, long startTicks) {
        return new ProcFs.Stat(pid, 'Z', 1, pid, 0, startTicks, 0);
    }

    @Test
    void anOnlineInstanceWhoseProcessLivesIsAdoptedAsIs() {
        Decision d = RecoveryPlanner.decide(saved("online", 100L, 5000L, false), Optional.of(proc(100, 100, 5000)), List.of());
        assertThat(d.adopt()).containsExactly(new Candidate(100, 5000, Finish.NOTHING));
        assertThat(d.restartOtherwise()).isTrue();
        assertThat(d.state().status()).isEqualTo(Status.STOPPED);
        assertThat(d.state().restarts()).isEqualTo(4);
        assertThat(d.state().reason()).as("a live instance keeps no stop reason").isNull();
    }

    @Test
    void aReusedPidOrAZombieIsNotTheProcessAndTheInstanceStartsAgain() {
        assertThat(RecoveryPlanner.decide(saved("online", 100L, 5000L, false), Optional.of(proc(100, 100, 7777)), List.of()))
                .isEqualTo(new Decision(RecoveryPlanner.decide(saved("online", null, null, false), Optional.empty(), List.of()).state(),
                        List.of(), true));
        assertThat(RecoveryPlanner.decide(saved("online", 100L, 5000L, false), Optional.of(zombie(100, 5000)), List.of()).adopt())
                .isEmpty();
        assertThat(RecoveryPlanner.decide(saved("online", 100L, 5000L, false), Optional.empty(), List.of()).restartOtherwise())
                .isTrue();
    }

    @Test
    void aStopInProgressIsFinishedAndARestartInProgressIsFinishedByStartingAgain() {
        assertThat(RecoveryPlanner.decide(saved("stopping", 100L, 5000L, false), Optional.of(proc(100, 100, 5000)), List.of()))
                .satisfies(d -> {
                    assertThat(d.adopt()).containsExactly(new Candidate(100, 5000, Finish.STOP));
                    assertThat(d.restartOtherwise()).as("a stop that lost its process is done").isFalse();
                });
        assertThat(RecoveryPlanner.decide(saved("stopping", 100L, 5000L, true), Optional.of(proc(100, 100, 5000)), List.of()))
                .satisfies(d -> {
                    assertThat(d.adopt()).containsExactly(new Candidate(100, 5000, Finish.RESTART));
                    assertThat(d.restartOtherwise()).isTrue();
                });
    }

    @Test
    void aProcessSpawnedBeforeItsPidWasWrittenIsFoundByItsTag() {
        // launching with no pid: the tagged group leader started after the saved start is this instance
        List<ProcFs.Stat> tagged = List.of(proc(300, 300, 9000), proc(301, 300, 9001));
        assertThat(RecoveryPlanner.decide(saved("launching", null, null, false), Optional.empty(), tagged).adopt())
                .containsExactly(new Candidate(300, 9000, Finish.NOTHING));
        // the stop half of a restart: the recorded process first, then the new one
        assertThat(RecoveryPlanner.decide(saved("stopping", 100L, 5000L, true), Optional.of(proc(100, 100, 5000)), tagged).adopt())
                .containsExactly(new Candidate(100, 5000, Finish.RESTART), new Candidate(300, 9000, Finish.NOTHING));
    }

    @Test
    void aTaggedLeaderIsNotTakenWhereNoSpawnCanBePending() {
        // online with its pid recorded: a tagged group leader is a child that called setsid, not the instance
        List<ProcFs.Stat> tagged = List.of(proc(300, 300, 9000));
        assertThat(RecoveryPlanner.decide(saved("online", 100L, 5000L, false), Optional.empty(), tagged).adopt()).isEmpty();
        // a plain stop never starts anything
        assertThat(RecoveryPlanner.decide(saved("stopping", null, null, false), Optional.empty(), tagged).adopt()).isEmpty();
        // started before the saved process: an older one, not a respawn
        assertThat(RecoveryPlanner.decide(saved("waiting-restart", null, 9500L, false), Optional.empty(), tagged).adopt()).isEmpty();
    }

    @Test
    void settledInstancesStaySoWithTheirReason() {
        Decision stopped = RecoveryPlanner.decide(saved("stopped", null, null, false), Optional.empty(), List.of(proc(300, 300, 1)));
        assertThat(stopped).isEqualTo(new Decision(stopped.state(), List.of(), false));
        assertThat(stopped.state().status()).isEqualTo(Status.STOPPED);
        assertThat(stopped.state().reason()).isEqualTo("a reason");
        Decision errored = RecoveryPlanner.decide(saved("errored", null, null, false), Optional.empty(), List.of());
        assertThat(errored.state().status()).isEqualTo(Status.ERRORED);
        assertThat(errored.state().exitCode()).isEqualTo(1);
        assertThat(RecoveryPlanner.decide(saved("no-such-status", null, null, false), Optional.empty(), List.of()).state().status())
                .as("an unknown status reads as stopped").isEqualTo(Status.STOPPED);
    }

    @Test
    void escapersAreTheTaggedProcessesOutsideTheMainGroupAndStraysThoseOfNoAdoptedInstance() {
        List<ProcFs.Stat> tagged = List.of(proc(100, 100, 1), proc(101, 100, 2), proc(200, 200, 3));
        assertThat(RecoveryPlanner.escapers(tagged, 100)).containsExactly(proc(200, 200, 3));
        Map<Long, List<ProcFs.Stat>> byId = Map.of(3L, tagged, 4L, List.of(proc(400, 400, 4)));
        assertThat(RecoveryPlanner.strays(byId, Set.of(3L))).containsExactly(proc(400, 400, 4));
        assertThat(RecoveryPlanner.strays(byId, Set.of(3L, 4L))).isEmpty();
    }
}
