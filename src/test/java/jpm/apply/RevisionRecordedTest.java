package jpm.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import jpm.ecosystem.AppSpec;
import jpm.plan.PlanOptions;
import jpm.rpc.ObservedApp;
import org.junit.jupiter.api.Test;

/** What a revision records of an apply: the whole file, or with --only/--namespace what runs for the apps left out. */
class RevisionRecordedTest {
    static final String FILE = "/srv/eco.yaml";
    static final AppSpec API = AppSpec.of("api", "api.js", "/srv");
    static final AppSpec WORKER = AppSpec.of("worker", "w.js", "/srv");
    static final AppSpec WORKER_RUNNING = AppSpec.of("worker", "w-old.js", "/srv");

    static ObservedApp seen(AppSpec spec, String owner) {
        return new ObservedApp(spec, owner, "h", List.of());
    }

    @Test
    void aWholeApplyRecordsTheFileAsLoaded() {
        assertThat(Applier.recorded(List.of(API, WORKER), new PlanOptions(FILE, false, Set.of(), null),
                List.of(seen(WORKER_RUNNING, FILE)))).containsExactly(API, WORKER);
    }

    @Test
    void appsLeftOutKeepWhatRunsForThisFile() {
        assertThat(Applier.recorded(List.of(API, WORKER), new PlanOptions(FILE, false, Set.of("api"), null),
                List.of(seen(WORKER_RUNNING, FILE)))).containsExactly(API, WORKER_RUNNING);
    }

    @Test
    void appsLeftOutThatRunForNoneOrAnotherFileAreNotRecorded() {
        assertThat(Applier.recorded(List.of(API, WORKER), new PlanOptions(FILE, false, Set.of("api"), null), List.of()))
                .containsExactly(API);
        assertThat(Applier.recorded(List.of(API, WORKER), new PlanOptions(FILE, false, Set.of("api"), null),
                List.of(seen(WORKER_RUNNING, "/other.yaml")))).containsExactly(API);
        assertThat(Applier.recorded(List.of(API, WORKER.withNamespace("jobs")), new PlanOptions(FILE, false, Set.of(), "default"),
                List.of())).containsExactly(API);
    }
}
