package jpm.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.ecosystem.AppSpec;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.ObservedApp;
import org.junit.jupiter.api.Test;

/** Apply's messages about depends_on: dependencies nowhere to be found, and the chain to a failed one. */
class DependencyReportTest {
    static AppSpec app(String name, Map<String, String> deps) {
        AppSpec a = AppSpec.of(name, name + ".js", "/srv");
        return a.withSupervision(a.supervision().toBuilder().dependsOn(deps).build());
    }

    static InstanceInfo inst(String name, String status, Integer code, String reason) {
        return new InstanceInfo(1, name, "default", 0, null, InstanceStatus.ofWire(status), 0, 0, null, 0, 0, code, null, reason,
                "/o", "/e", null);
    }

    static ObservedApp seen(AppSpec spec, InstanceInfo... instances) {
        return new ObservedApp(spec, "/srv/eco.yaml", "h", List.of(instances));
    }

    static final AppSpec DB = app("db", Map.of());
    static final AppSpec MIGRATE = app("migrate", Map.of("default/db", "healthy"));
    static final AppSpec API = app("api", Map.of("default/db", "healthy", "default/migrate", "completed"));
    static final AppSpec WEB = app("web", Map.of("default/api", "started"));

    @Test
    void missing_aDependencyNeitherAppliedNorInTheDaemon() {
        AppSpec web = app("web", Map.of("default/api", "started", "other/cache", "started"));
        assertThat(DependencyReport.missing(List.of(web), Set.of("default/api"))).containsExactly(
                "default/web depends on other/cache, which is neither in the file (or left out by --only or --namespace) nor in the daemon");
        assertThat(DependencyReport.missing(List.of(web, app("api", Map.of())), Set.of("other/cache"))).isEmpty();
    }

    @Test
    void failedChains_fromTheTopmostWaitingAppToTheFailedDependency() {
        List<ObservedApp> observed = List.of(seen(DB, inst("db", "errored", 1, "exited with code 1; gave up after 2 unstable restarts")),
                seen(MIGRATE, inst("migrate", "waiting", null, "waiting for db (healthy)")),
                seen(API, inst("api", "waiting", null, "waiting for db (healthy), migrate (completed)")),
                seen(WEB, inst("web", "waiting", null, "waiting for api (started)")));
        Set<String> watched = Set.of("default/db", "default/migrate", "default/api", "default/web");
        assertThat(DependencyReport.failedChains(watched, observed, List.of(DB, MIGRATE, API, WEB))).containsExactly(
                "web waits for api waits for db: db errored: exited with code 1; gave up after 2 unstable restarts");
    }

    @Test
    void failedChains_aJobThatExitedBadlyAndDbLeftRunning() {
        List<ObservedApp> observed = List.of(seen(DB, inst("db", "online", null, null)),
                seen(MIGRATE, inst("migrate", "stopped", 3, "exited with code 3 (autorestart is off)")),
                seen(API, inst("api", "waiting", null, "waiting for migrate (completed)")),
                seen(WEB, inst("web", "waiting", null, "waiting for api (started)")));
        assertThat(DependencyReport.failedChains(Set.of("default/api", "default/web"), observed, List.of(DB, MIGRATE, API, WEB)))
                .containsExactly("web waits for api waits for migrate: migrate stopped: exited with code 3 (autorestart is off)");
    }

    @Test
    void failedChains_noneWhileTheDependenciesAreOnTheirWayOrDoneWell() {
        List<ObservedApp> observed = List.of(seen(DB, inst("db", "launching", null, null)),
                seen(MIGRATE, inst("migrate", "stopped", 0, "exited with code 0 (autorestart is off)")),
                seen(API, inst("api", "waiting", null, "waiting for db (healthy)")));
        assertThat(DependencyReport.failedChains(Set.of("default/api"), observed, List.of(DB, MIGRATE, API))).isEmpty();
        // stopped by hand (no reason): not a failure of its own
        List<ObservedApp> byHand = List.of(seen(DB, inst("db", "stopped", 143, null)),
                seen(API, inst("api", "waiting", null, "waiting for db (healthy)")));
        assertThat(DependencyReport.failedChains(Set.of("default/api"), byHand, List.of(DB, API))).isEmpty();
    }
}
