package jpm.daemon;

import static jpm.daemon.DependencyConditionsTest.EXITED_0;
import static jpm.daemon.DependencyConditionsTest.EXITED_1;
import static jpm.daemon.DependencyConditionsTest.ERRORED;
import static jpm.daemon.DependencyConditionsTest.LAUNCHING;
import static jpm.daemon.DependencyConditionsTest.NEVER_RAN;
import static jpm.daemon.DependencyConditionsTest.ONLINE;
import static jpm.daemon.DependencyConditionsTest.ONLINE_HEALTHY;
import static jpm.daemon.DependencyConditionsTest.ONLINE_STARTING;
import static jpm.daemon.DependencyConditionsTest.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jpm.daemon.DependencyConditions.Dependency;
import jpm.daemon.DependencyConditions.Seen;
import jpm.daemon.DependentRestartRule.Outcome;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import org.junit.jupiter.api.Test;

/** restart_dependents: what begins a restart of a dependency, when a dependent is restarted, and which of its instances. */
class DependentRestartRuleTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Subject DB = new Subject("default", "db", 1L, 0, 100L);
    static final Subject SLOT = new Subject("default", "db", null, 0, null);
    static final Seen WAITING_RESTART = new Seen(Status.WAITING_RESTART, null, 1, null);
    static final Seen STOPPING = new Seen(Status.STOPPING, null, null, null);

    record Begins(DaemonEvent event, boolean expected) {}

    @Test
    void whatBeginsARestartOfTheDependency() {
        List<Begins> rows = List.of(
                new Begins(new DaemonEvent.Starting(DB, T0, "user: jpm restart", true, 1), true),
                // a first start, a resume, the start of a held restart (counted when it was held)
                new Begins(new DaemonEvent.Starting(DB, T0, "user: jpm start", false, 0), false),
                new Begins(new DaemonEvent.Waiting(DB, T0, "waiting for cache (started)", true), true),
                new Begins(new DaemonEvent.Waiting(DB, T0, "waiting for cache (started)", false), false),
                new Begins(new DaemonEvent.ReloadStep(SLOT, T0, "user: jpm reload", 1L, 2L, "replacing"), true),
                new Begins(new DaemonEvent.ReloadStep(SLOT, T0, "user: jpm reload", 1L, null, "restarting"), true),
                new Begins(new DaemonEvent.ReloadStep(SLOT, T0, "user: jpm reload", 1L, 2L, "replaced"), false),
                new Begins(new DaemonEvent.ReloadStep(SLOT, T0, "user: jpm reload", 1L, null, "failed"), false),
                new Begins(new DaemonEvent.Online(DB, T0, "spawned"), false),
                new Begins(new DaemonEvent.StopRequested(DB, T0, "user: jpm restart", "SIGINT"), false));
        for (Begins r : rows) assertThat(DependentRestartRule.begins(r.event())).as(r.toString()).isEqualTo(r.expected());
    }

    record Row(String why, boolean replacing, String condition, List<Seen> instances, boolean probed, Outcome expected) {}

    @Test
    void whenADependentIsRestarted() {
        List<Row> rows = List.of(
                new Row("every instance back", false, "started", List.of(ONLINE, ONLINE), false, Outcome.RESTART),
                new Row("one still launching", false, "started", List.of(ONLINE, LAUNCHING), false, Outcome.WAIT),
                new Row("one still stopping", false, "started", List.of(ONLINE, STOPPING), false, Outcome.WAIT),
                new Row("crashed, restart scheduled", false, "started", List.of(WAITING_RESTART), false, Outcome.WAIT),
                new Row("held: its own dependency is not there", false, "started", List.of(WAITING), false, Outcome.WAIT),
                new Row("a rolling reload is not over", true, "started", List.of(ONLINE, ONLINE), false, Outcome.WAIT),
                new Row("a reload with one slot launching", true, "started", List.of(ONLINE, LAUNCHING), false, Outcome.WAIT),
                new Row("healthy: online is not enough", false, "healthy", List.of(ONLINE_HEALTHY, ONLINE_STARTING), true, Outcome.WAIT),
                new Row("healthy: every instance healthy", false, "healthy", List.of(ONLINE_HEALTHY, ONLINE_HEALTHY), true, Outcome.RESTART),
                new Row("started: online is enough, probe or not", false, "started", List.of(ONLINE_STARTING), true, Outcome.RESTART),
                new Row("healthy without a probe: online", false, "healthy", List.of(ONLINE), false, Outcome.RESTART),
                new Row("a job ran again and completed", false, "completed", List.of(EXITED_0), false, Outcome.RESTART),
                new Row("a job is running again", false, "completed", List.of(ONLINE), false, Outcome.WAIT),
                new Row("a job ran again and failed", false, "completed", List.of(EXITED_1), false, Outcome.DROP),
                new Row("gave up: errored", false, "started", List.of(ONLINE, ERRORED), false, Outcome.DROP),
                new Row("stopped by request meanwhile", false, "started", List.of(NEVER_RAN), false, Outcome.DROP),
                new Row("a crash with autorestart off", false, "healthy", List.of(EXITED_1), true, Outcome.DROP),
                new Row("scaled to none", false, "started", List.of(), false, Outcome.DROP),
                new Row("deleted", false, "started", null, false, Outcome.DROP),
                new Row("deleted during a reload", true, "started", null, false, Outcome.DROP));
        for (Row r : rows) {
            assertThat(DependentRestartRule.decide(r.replacing(), new Dependency("default/db", r.condition(), r.instances(), r.probed())))
                    .as(r.why()).isEqualTo(r.expected());
        }
    }

    record Which(String why, Status status, Instant startedAt, boolean expected) {}

    @Test
    void whichInstancesOfTheDependentAreRestarted() {
        Instant before = T0.minusSeconds(5);
        Instant after = T0.plusSeconds(1);
        List<Which> rows = List.of(
                new Which("online with a process older than the restart", Status.ONLINE, before, true),
                new Which("spawned at the same instant", Status.ONLINE, T0, true),
                new Which("spawned and not ready yet", Status.LAUNCHING, before, true),
                new Which("spawned since: it saw the dependency come back", Status.ONLINE, after, false),
                new Which("not spawned yet", Status.LAUNCHING, null, false),
                new Which("waiting: starts once the condition holds", Status.WAITING, null, false),
                new Which("stopping", Status.STOPPING, before, false),
                new Which("stopped", Status.STOPPED, null, false),
                new Which("crashed, restart scheduled", Status.WAITING_RESTART, null, false),
                new Which("errored", Status.ERRORED, null, false));
        for (Which r : rows) {
            assertThat(DependentRestartRule.restarts(r.status(), r.startedAt(), T0)).as(r.why()).isEqualTo(r.expected());
        }
    }
}
