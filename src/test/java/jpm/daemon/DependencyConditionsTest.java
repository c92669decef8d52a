package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jpm.daemon.DependencyConditions.Dependency;
import jpm.daemon.DependencyConditions.Seen;
import jpm.daemon.DependencyConditions.State;
import org.junit.jupiter.api.Test;

/** Each condition against the instances of a dependency, one row per case. */
class DependencyConditionsTest {
    static final Seen ONLINE = new Seen(Status.ONLINE, null, null, null);
    static final Seen ONLINE_HEALTHY = new Seen(Status.ONLINE, HealthStatus.HEALTHY, null, null);
    static final Seen ONLINE_STARTING = new Seen(Status.ONLINE, HealthStatus.STARTING, null, null);
    static final Seen ONLINE_UNHEALTHY = new Seen(Status.ONLINE, HealthStatus.UNHEALTHY, null, null);
    static final Seen LAUNCHING = new Seen(Status.LAUNCHING, null, null, null);
    static final Seen STOPPING_HEALTHY = new Seen(Status.STOPPING, HealthStatus.HEALTHY, null, null);
    static final Seen EXITED_0 = new Seen(Status.STOPPED, null, 0, null);
    static final Seen EXITED_1 = new Seen(Status.STOPPED, null, 1, null);
    static final Seen KILLED = new Seen(Status.STOPPED, null, null, "SIGKILL");
    static final Seen NEVER_RAN = new Seen(Status.STOPPED, null, null, null);
    static final Seen WAITING_RESTART_0 = new Seen(Status.WAITING_RESTART, null, 0, null);
    static final Seen ERRORED = new Seen(Status.ERRORED, null, 1, null);
    static final Seen WAITING = new Seen(Status.WAITING, null, null, null);

    record Row(String condition, List<Seen> instances, boolean probed, State expected) {}

    static final List<Row> ROWS = List.of(
            new Row("started", List.of(ONLINE, ONLINE), false, State.MET),
            new Row("started", List.of(ONLINE, LAUNCHING), false, State.UNMET),
            new Row("started", List.of(WAITING), false, State.UNMET),
            new Row("started", List.of(ONLINE, ERRORED), false, State.FAILED),
            new Row("started", List.of(EXITED_1), false, State.UNMET),
            new Row("started", List.of(), false, State.UNMET),
            new Row("started", null, false, State.UNMET),
            new Row("healthy", List.of(ONLINE_HEALTHY, ONLINE_HEALTHY), true, State.MET),
            new Row("healthy", List.of(ONLINE_HEALTHY, ONLINE_STARTING), true, State.UNMET),
            new Row("healthy", List.of(ONLINE_UNHEALTHY), true, State.UNMET),
            new Row("healthy", List.of(ONLINE), true, State.UNMET),
            new Row("healthy", List.of(STOPPING_HEALTHY), true, State.UNMET),
            // no probe: online is all that can be said of it
            new Row("healthy", List.of(ONLINE), false, State.MET),
            new Row("healthy", List.of(ERRORED), true, State.FAILED),
            new Row("completed", List.of(EXITED_0, EXITED_0), false, State.MET),
            new Row("completed", List.of(EXITED_0, ONLINE), false, State.UNMET),
            new Row("completed", List.of(NEVER_RAN), false, State.UNMET),
            new Row("completed", List.of(WAITING_RESTART_0), false, State.UNMET),
            new Row("completed", List.of(EXITED_0, EXITED_1), false, State.FAILED),
            new Row("completed", List.of(KILLED), false, State.FAILED),
            new Row("completed", List.of(ERRORED), false, State.FAILED),
            new Row("completed", null, false, State.UNMET));

    @Test
    void eachConditionAgainstTheInstancesOfItsDependency() {
        for (Row r : ROWS) {
            assertThat(DependencyConditions.state(new Dependency("default/db", r.condition(), r.instances(), r.probed())))
                    .as(r.toString()).isEqualTo(r.expected());
        }
    }

    @Test
    void waitsForNamesTheUnmetOnesNamespaceOnlyWhenAnother() {
        List<Dependency> deps = List.of(new Dependency("prod/db", "healthy", List.of(ONLINE_STARTING), true),
                new Dependency("prod/migrate", "completed", List.of(EXITED_0), false),
                new Dependency("shared/cache", "started", null, false));
        assertThat(DependencyConditions.waitsFor("prod", deps)).isEqualTo("db (healthy), shared/cache (started)");
        assertThat(DependencyConditions.waitsFor("prod", List.of(deps.get(1)))).isNull();
        assertThat(DependencyConditions.waitsFor("prod", List.of())).isNull();
    }
}
