package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppSpec;
import jpm.rpc.AppDetail;
import jpm.rpc.DependencyState;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.api.Test;

/** ls --tree: a tree per app nothing depends on, conditions and their state on the edges. */
class DependencyTreeTest {
    static InstanceInfo inst(String name, String status) {
        return new InstanceInfo(1, name, "default", 0, null, InstanceStatus.ofWire(status), 0, 0, null, 0, 0, null, null, null,
                "/o", "/e", null);
    }

    static AppDetail app(String name, List<InstanceInfo> instances, DependencyState... deps) {
        return new AppDetail(AppSpec.of(name, name + ".js", "/srv"), List.of("node"), instances, List.of(), List.of(deps));
    }

    static final List<AppDetail> STACK = List.of(
            app("db", List.of(inst("db", "online"))),
            app("migrate", List.of(inst("migrate", "stopped")), new DependencyState("default/db", "healthy", "met")),
            app("api", List.of(inst("api", "online"), inst("api", "waiting")), new DependencyState("default/db", "healthy", "met"),
                    new DependencyState("default/migrate", "completed", "met")),
            app("web", List.of(inst("web", "waiting")), new DependencyState("default/api", "started", "unmet"),
                    new DependencyState("other/cache", "started", "unmet")),
            app("lone", List.of(inst("lone", "errored"))));

    @Test
    void aTreePerRoot_plain() {
        assertThat(DependencyTree.render(STACK, false)).isEqualTo("""
                default/lone  1 errored
                default/web  1 waiting
                ├─ [started: unmet] default/api  1 online, 1 waiting
                │  ├─ [healthy: met] default/db  1 online
                │  └─ [completed: met] default/migrate  1 stopped
                │     └─ [healthy: met] default/db  1 online
                └─ [started: unmet] other/cache  (not in the daemon)
                """);
    }

    @Test
    void colorsOnlyOnTheEdgeState() {
        String colored = DependencyTree.render(List.of(STACK.get(0), STACK.get(1)), true);
        assertThat(colored).contains("[\u001b[32mhealthy: met\u001b[0m] default/db");
    }

    @Test
    void appsOnACycleAreStillShown() {
        List<AppDetail> cycle = List.of(app("a", List.of(inst("a", "waiting")), new DependencyState("default/b", "started", "unmet")),
                app("b", List.of(inst("b", "waiting")), new DependencyState("default/a", "started", "unmet")));
        assertThat(DependencyTree.render(cycle, false)).isEqualTo("""
                default/a  1 waiting
                └─ [started: unmet] default/b  1 waiting
                   └─ [started: unmet] default/a  1 waiting  (cycle)
                """);
    }

    @Test
    void json_everyAppWithItsDependencies() {
        @SuppressWarnings("unchecked")
        Map<String, Object> web = (Map<String, Object>) DependencyTree.tree(STACK).get(3);
        assertThat(web).containsEntry("app", "default/web").containsEntry("status", "1 waiting");
        assertThat(web.get("depends_on")).isEqualTo(List.of(Map.of("app", "default/api", "condition", "started", "state", "unmet"),
                Map.of("app", "other/cache", "condition", "started", "state", "unmet")));
    }
}
