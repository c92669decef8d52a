package jpm.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import org.junit.jupiter.api.Test;

/** Golden tests: the rendered plan is compared with the expected text as a whole. */
class PlannerTest {
    static final String FILE = "/srv/eco.yaml";
    static final PlanOptions OPTS = new PlanOptions(FILE, false, Set.of(), null);

    static AppSpec app(String name) {
        return AppSpec.of(name, name + ".js", "/srv");
    }

    static Current owned(AppSpec s) {
        return new Current(s, FILE);
    }

    @Test
    void emptyDaemonStartsEverythingInNameOrder() {
        Plan p = Planner.plan(List.of(app("web").withInstances(2), app("api")), List.of(), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  + start   default/api: 1 instance
                  + start   default/web: 2 instances
                """);
        assertThat(PlanText.summary(p)).isEqualTo("2 to start, 0 to restart, 0 to scale, 0 to update, 0 to delete, 0 unchanged");
    }

    @Test
    void unchangedFileGivesAnEmptyPlan() {
        AppSpec web = app("web").withLaunch(Launch.of("web.js", "/srv").withEnv(Map.of("K", "v")));
        Plan p = Planner.plan(List.of(web), List.of(owned(web)), OPTS);
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.unchanged()).containsExactly("default/web");
        assertThat(PlanText.render(p, true)).isEmpty();
    }

    @Test
    void launchChangesRestartWithFieldLevelCausesAndEnvValuesHidden() {
        AppSpec before = app("web").withLaunch(Launch.of("web.js", "/srv").withArgs(List.of("--a")).withEnv(Map.of("SECRET", "old", "GONE", "x")));
        AppSpec after = app("web").withInstances(3)
                .withLaunch(Launch.of("web.js", "/srv").withArgs(List.of("--b", "two words")).withEnv(Map.of("SECRET", "new", "NEW", "y")));
        Plan p = Planner.plan(List.of(after), List.of(owned(before)), OPTS);
        String text = PlanText.render(p, true);
        assertThat(text).isEqualTo("""
                  ~ restart default/web: changed: args, env.GONE, env.NEW, env.SECRET, instances
                        args: ["--a"] -> ["--b", "two words"]
                        env.GONE: (removed, value hidden)
                        env.NEW: (added, value hidden)
                        env.SECRET: (changed, value hidden)
                        instances: 1 -> 3
                """);
        assertThat(text).doesNotContain("old").doesNotContain("new\"");
        assertThat(jpm.plan.PlanText.tree(p).toString()).doesNotContain("old").contains("(hidden)");
    }

    @Test
    void sizeOnlyScalesAndLiveFieldsUpdateWithoutRestart() {
        AppSpec before = app("worker").withInstances(2);
        AppSpec after = app("worker").withInstances(4).withSupervision(Supervision.builder()
                .maxMemoryRestartBytes(200L << 20).cronRestart("0 3 * * *").build());
        Plan p = Planner.plan(List.of(after), List.of(owned(before)), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  = update  default/worker: live, no restart: max_memory_restart, cron_restart
                        max_memory_restart: 0 -> 209715200
                        cron_restart: (none) -> "0 3 * * *"
                  ^ scale   default/worker: 2 -> 4 instances
                """);
        assertThat(p.count(Action.Restart.class)).isZero();
    }

    @Test
    void portAndListenAddressRestart() {
        AppSpec before = app("web").withLaunch(Launch.of("web.js", "/srv").withPort(3000, "127.0.0.1"));
        AppSpec after = app("web").withLaunch(Launch.of("web.js", "/srv").withPort(4000, "::1"));
        Plan p = Planner.plan(List.of(after), List.of(owned(before)), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  ~ restart default/web: changed: port, listen_address
                        port: 3000 -> 4000
                        listen_address: "127.0.0.1" -> "::1"
                """);
        assertThat(PlanText.summary(p)).isEqualTo("0 to start, 1 to restart, 0 to scale, 0 to update, 0 to delete, 0 unchanged");
    }

    @Test
    void waitReadyAndListenTimeoutUpdateLive() {
        AppSpec before = app("web");
        AppSpec after = app("web").withSupervision(Supervision.DEFAULTS.toBuilder().waitReady(true)
                .listenTimeoutMs(9000).build());
        Plan p = Planner.plan(List.of(after), List.of(owned(before)), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  = update  default/web: live, no restart: wait_ready, listen_timeout
                        wait_ready: false -> true
                        listen_timeout: 3000 -> 9000
                """);
        assertThat(PlanText.summary(p)).isEqualTo("0 to start, 0 to restart, 0 to scale, 1 to update, 0 to delete, 0 unchanged");
    }

    @Test
    void healthAndDependenciesUpdateLiveWithTheirValuesShown() {
        AppSpec before = app("web").withSupervision(Supervision.DEFAULTS.toBuilder()
                .dependsOn(Map.of("default/db", "started", "default/cache", "started")).build());
        AppSpec after = app("web").withSupervision(Supervision.DEFAULTS.toBuilder()
                .health(Supervision.HealthCheck.http("http://127.0.0.1:${PORT}/health"))
                .dependsOn(Map.of("default/db", "healthy", "infra/queue", "started")).restartDependents(true).build());
        Plan p = Planner.plan(List.of(after), List.of(owned(before)), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  = update  default/web: live, no restart: health, restart_dependents, depends_on.default/cache, depends_on.default/db, depends_on.infra/queue
                        health: (none) -> {http: "http://127.0.0.1:${PORT}/health", interval: 10000, timeout: 2000, retries: 3, start_period: 0, on_unhealthy: "restart"}
                        restart_dependents: false -> true
                        depends_on.default/cache: "started" -> (none)
                        depends_on.default/db: "started" -> "healthy"
                        depends_on.infra/queue: (none) -> "started"
                """);
        assertThat(PlanText.summary(p)).isEqualTo("0 to start, 0 to restart, 0 to scale, 1 to update, 0 to delete, 0 unchanged");
    }

    @Test
    void removedAppsAreKeptWithoutPruneAndDeletedWithIt() {
        List<Current> current = List.of(owned(app("old")), owned(app("web")), new Current(app("byhand"), null),
                new Current(app("other"), "/srv/other.yaml"));
        Plan keep = Planner.plan(List.of(app("web")), current, OPTS);
        assertThat(PlanText.render(keep, true)).isEqualTo("""
                  ? keep    default/old: no longer in the file; --prune would delete it
                """);
        Plan prune = Planner.plan(List.of(app("web")), current, new PlanOptions(FILE, true, Set.of(), null));
        assertThat(PlanText.render(prune, true)).isEqualTo("""
                  - delete  default/old: no longer in the file (--prune)
                """);
    }

    @Test
    void instancesStoppedByHandOrErroredAreResumedUnlessTheAppRestartsAnyway() {
        Plan p = Planner.plan(List.of(app("a"), app("b")), List.of(new Current(app("a"), FILE, 1),
                new Current(app("b").withInstances(2), FILE, 2)), OPTS);
        assertThat(PlanText.render(p, false)).isEqualTo("""
                  ^ scale   default/b: 2 -> 1 instances
                  > resume  default/a: 1 stopped or errored instance started again
                  > resume  default/b: 2 stopped or errored instances started again
                """);
        Plan restart = Planner.plan(List.of(app("a").withLaunch(Launch.of("x.js", "/srv"))), List.of(new Current(app("a"), FILE, 1)), OPTS);
        assertThat(restart.actions()).singleElement().isInstanceOf(Action.Restart.class);
    }

    @Test
    void sameNameInTwoNamespacesIsTwoApps() {
        Plan p = Planner.plan(List.of(app("api").withNamespace("blog"), app("api").withNamespace("shop")),
                List.of(owned(app("api").withNamespace("shop"))), OPTS);
        assertThat(PlanText.render(p, false)).isEqualTo("""
                  + start   blog/api: 1 instance
                """);
        assertThat(p.unchanged()).containsExactly("shop/api");
    }

    @Test
    void takingOverAnAppStartedByHandIsALiveUpdateWithANote() {
        Plan p = Planner.plan(List.of(app("web")), List.of(new Current(app("web"), null)), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  = update  default/web: live, no restart: owner
                        owner: (started by hand) -> /srv/eco.yaml
                  note: default/web was started by hand: this file takes it over
                """);
    }

    @Test
    void anAppOfAnotherFileIsAConflictAndNothingOfItIsPlanned() {
        AppSpec changed = app("api").withLaunch(Launch.of("api2.js", "/srv"));
        Plan p = Planner.plan(List.of(changed, app("web")), List.of(new Current(app("api"), "/srv/a.yaml")), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  + start   default/web: 1 instance
                  ! conflict default/api: belongs to /srv/a.yaml; --take-over would make it this file's
                """);
        assertThat(p.conflicts()).containsExactly(new Ownership.Conflict("default/api", "/srv/a.yaml", FILE));
        assertThat(p.conflicts().getFirst().message())
                .isEqualTo("default/api belongs to /srv/a.yaml, not to /srv/eco.yaml: apply that file to change it,"
                        + " or give --take-over to make it this file's");
        assertThat(PlanText.summary(p)).endsWith("0 unchanged, 1 in conflict");
        assertThat(PlanText.tree(p).get("conflicts"))
                .isEqualTo(List.of(Map.of("app", "default/api", "owner", "/srv/a.yaml", "file", FILE)));
    }

    @Test
    void takeOverMovesAnotherFilesAppWithANote() {
        PlanOptions takeOver = new PlanOptions(FILE, false, Set.of(), null, true);
        Plan p = Planner.plan(List.of(app("api")), List.of(new Current(app("api"), "/srv/a.yaml")), takeOver);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  = update  default/api: live, no restart: owner
                        owner: /srv/a.yaml -> /srv/eco.yaml
                  note: default/api belonged to /srv/a.yaml: this file takes it over (--take-over)
                """);
        assertThat(p.conflicts()).isEmpty();
    }

    @Test
    void ownershipClaimsTable() {
        record Row(String owner, boolean takeOver, String expected) {}
        for (Row r : List.of(new Row(FILE, false, "Own"), new Row(FILE, true, "Own"), new Row(null, false, "Move"),
                new Row(null, true, "Move"), new Row("/srv/a.yaml", false, "Refuse"), new Row("/srv/a.yaml", true, "Move"))) {
            assertThat(Ownership.claim("default/x", r.owner(), FILE, r.takeOver()).getClass().getSimpleName())
                    .as(r.toString()).isEqualTo(r.expected());
        }
    }

    @Test
    void onlyAndNamespaceNarrowWhatIsConsideredIncludingPrune() {
        List<Current> current = List.of(owned(app("a")), owned(app("b")), owned(app("c").withNamespace("x")));
        Plan onlyA = Planner.plan(List.of(app("a").withInstances(2), app("d")), current,
                new PlanOptions(FILE, true, Set.of("a"), null));
        assertThat(PlanText.render(onlyA, false)).isEqualTo("""
                  ^ scale   default/a: 1 -> 2 instances
                """);
        Plan nsX = Planner.plan(List.of(app("d")), current, new PlanOptions(FILE, true, Set.of(), "x"));
        assertThat(PlanText.render(nsX, false)).isEqualTo("""
                  - delete  x/c: no longer in the file (--prune)
                """);
    }

    @Test
    void orderIsDeleteUpdateScaleRestartStartAndDeterministic() {
        AppSpec r = app("r");
        List<Current> current = new ArrayList<>(List.of(owned(app("gone")), owned(app("s")), owned(r),
                owned(app("u").withSupervision(Supervision.DEFAULTS.toBuilder().stopSignal("SIGINT").killTimeoutMs(100)
                        .build()))));
        List<AppSpec> desired = List.of(app("new"), r.withLaunch(Launch.of("r2.js", "/srv")), app("s").withInstances(2), app("u"));
        PlanOptions prune = new PlanOptions(FILE, true, Set.of(), null);
        Plan p1 = Planner.plan(desired, current, prune);
        java.util.Collections.reverse(current);
        Plan p2 = Planner.plan(desired.reversed(), current, prune);
        assertThat(p1).isEqualTo(p2);
        assertThat(p1.actions()).extracting(a -> a.getClass().getSimpleName() + " " + a.app())
                .containsExactly("Delete default/gone", "Update default/u", "Scale default/s", "Restart default/r", "Start default/new");
    }

    @Test
    void plansAThousandAppsScalingOnlyTheResized() {
        List<AppSpec> desired = new ArrayList<>();
        List<Current> current = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            AppSpec a = app("app" + i).withLaunch(Launch.of("a.js", "/srv").withEnv(Map.of("PORT", Integer.toString(3000 + i))));
            desired.add(i % 10 == 0 ? a.withInstances(2) : a);
            current.add(owned(a));
        }
        Plan p = Planner.plan(desired, current, OPTS);
        assertThat(p.count(Action.Scale.class)).isEqualTo(100);
        assertThat(p.unchanged()).hasSize(900);
    }

    static AppSpec dependsOn(String name, Map<String, String> deps) {
        AppSpec a = app(name);
        return a.withSupervision(a.supervision().toBuilder().dependsOn(deps).build());
    }

    @Test
    void appsWithDependsOnShowTheStartOrder_textAndJson() {
        Plan p = Planner.plan(List.of(dependsOn("web", Map.of("default/api", "started")),
                dependsOn("api", Map.of("default/db", "healthy", "default/migrate", "completed")),
                dependsOn("migrate", Map.of("default/db", "healthy")), app("db"), app("cache")), List.of(), OPTS);
        assertThat(PlanText.render(p, true)).isEqualTo("""
                  + start   default/api: 1 instance
                  + start   default/cache: 1 instance
                  + start   default/db: 1 instance
                  + start   default/migrate: 1 instance
                  + start   default/web: 1 instance
                  start order: default/cache, default/db -> default/migrate -> default/api -> default/web
                """);
        assertThat(PlanText.tree(p).get("start_order")).isEqualTo(List.of(List.of("default/cache", "default/db"),
                List.of("default/migrate"), List.of("default/api"), List.of("default/web")));
    }

    @Test
    void withoutDependsOnAmongTheFilesAppsNoStartOrder() {
        Plan p = Planner.plan(List.of(app("web"), app("api")), List.of(), OPTS);
        assertThat(p.startOrder()).isEmpty();
        assertThat(PlanText.tree(p).get("start_order")).isEqualTo(List.of());
        // a dependency outside the file orders nothing among the file's apps
        Plan outside = Planner.plan(List.of(dependsOn("web", Map.of("infra/db", "started")), app("api")), List.of(), OPTS);
        assertThat(outside.startOrder()).isEmpty();
    }
}
