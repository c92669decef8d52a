// Planner time for N apps (issue 3): run with
//   java -cp target/jpm.jar bench/PlannerBench.java [apps] [runs]
// Prints the median, min and max of `runs` timed plans (after warm-up) for three cases:
// everything new, nothing changed, and 10% resized + 10% env changed.
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.plan.Current;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.plan.Planner;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;

public class PlannerBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String file = "/srv/eco.yaml";
        List<AppSpec> desired = new ArrayList<>();
        List<AppSpec> changed = new ArrayList<>();
        List<Current> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AppSpec a = AppSpec.of("app" + i, "server.js", "/srv/app" + i)
                    .withLaunch(Launch.of("server.js", "/srv/app" + i).withEnv(Map.of("PORT", Integer.toString(3000 + i), "NODE_ENV", "production")));
            desired.add(a);
            current.add(new Current(a, file));
            if (i % 10 == 0) changed.add(a.withInstances(2));
            else if (i % 10 == 1) changed.add(a.withLaunch(a.launch().withEnv(Map.of("PORT", "1", "NODE_ENV", "production"))));
            else changed.add(a);
        }
        PlanOptions opts = new PlanOptions(file, true, Set.of(), null);
        report("all new", n, runs, () -> Planner.plan(desired, List.of(), opts));
        report("unchanged", n, runs, () -> Planner.plan(desired, current, opts));
        report("10% scaled + 10% env changed", n, runs, () -> Planner.plan(changed, current, opts));
    }

    static void report(String what, int n, int runs, java.util.function.Supplier<Plan> body) {
        for (int i = 0; i < 20; i++) body.get(); // warm-up
        double[] ms = new double[runs];
        int actions = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Plan p = body.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            actions = p.actions().size();
        }
        Arrays.sort(ms);
        System.out.printf("| plan %d apps, %s | %.2f | %.2f | %.2f | %d | %d actions |%n", n, what, ms[runs / 2], ms[0], ms[runs - 1], runs, actions);
    }
}
