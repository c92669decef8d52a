package jpm.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import jpm.plan.Current;
import jpm.plan.PlanOptions;
import jpm.plan.Planner;
import jpm.rpc.Change;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import org.junit.jupiter.api.Test;

class ApplierTest {
    @Test
    void everyPlanActionBecomesItsChangeWithTheOwner() {
        String file = "/srv/eco.yaml";
        AppSpec kept = AppSpec.of("s", "s.js", "/srv");
        List<Current> current = List.of(new Current(AppSpec.of("gone", "g.js", "/srv"), file), new Current(kept, file),
                new Current(AppSpec.of("r", "r.js", "/srv"), file), new Current(AppSpec.of("u", "u.js", "/srv"), null));
        List<AppSpec> desired = List.of(kept.withInstances(3), AppSpec.of("r", "r.js", "/srv").withLaunch(Launch.of("r2.js", "/srv")),
                AppSpec.of("u", "u.js", "/srv"), AppSpec.of("n", "n.js", "/srv"));
        var plan = Planner.plan(desired, current, new PlanOptions(file, true, Set.of(), null));
        assertThat(Applier.changes(plan, file)).containsExactly(
                new Change.Remove("default", "gone"),
                new Change.Update(AppSpec.of("u", "u.js", "/srv"), file),
                new Change.Scale("default", "s", 3, file), // an apply's scale names its file: not drift
                new Change.Replace(AppSpec.of("r", "r.js", "/srv").withLaunch(Launch.of("r2.js", "/srv")), file),
                new Change.Create(AppSpec.of("n", "n.js", "/srv"), file));
    }

    @Test
    void scaleAmounts() {
        assertThat(ScaleAmount.apply(2, "5")).isEqualTo(5);
        assertThat(ScaleAmount.apply(2, "+3")).isEqualTo(5);
        assertThat(ScaleAmount.apply(4, "-1")).isEqualTo(3);
        assertThatThrownBy(() -> ScaleAmount.apply(2, "-2")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ScaleAmount.apply(2, "lots")).hasMessageContaining("N, +N or -N");
        assertThatThrownBy(() -> ScaleAmount.apply(2, "0")).hasMessageContaining("jpm stop");
    }
}
