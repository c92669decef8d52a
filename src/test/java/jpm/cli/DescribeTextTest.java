package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import jpm.rpc.AppDetail;
import jpm.rpc.InstanceDetail;
import jpm.rpc.InstanceInfo;
import jpm.rpc.TransitionRecord;
import org.junit.jupiter.api.Test;

class DescribeTextTest {
    static final AppSpec PLAIN = AppSpec.of("api", "server.js", "/srv/api");

    private static InstanceInfo instance(long id, int n, Long pid, String status) {
        return new InstanceInfo(id, "api", "default", n, pid, jpm.rpc.InstanceStatus.ofWire(status), 2, 1, null, 0, 0, null, null, null,
                "/h/logs/api-" + n + "-out.log", "/h/logs/api-" + n + "-error.log");
    }

    @Test
    void anAppFromAFileShowsTheRevisionItCameFrom() {
        jpm.rpc.Revision r = new jpm.rpc.Revision(3, "/srv/eco.yaml", "ab", "2026-12-04T13:20:01.5Z", "alice",
                new jpm.rpc.RevisionSource("rollback", "to 1", new jpm.rpc.GitCommit("3f2a9c1b2d4e5f60", "main", true, null)), "s",
                List.of());
        AppDetail a = new AppDetail(PLAIN, List.of("node", "server.js"), List.of(), List.of(), List.of(), r);
        assertThat(DescribeText.of(a, l -> "")).contains(
                "\nrevision       3 of /srv/eco.yaml, rollback to 1 at 2026-12-04 13:20:01Z, commit 3f2a9c1b2d4e main +dirty\n");
        assertThat(DescribeText.of(new AppDetail(PLAIN, List.of("x"), List.of(), List.of()), l -> "")).doesNotContain("revision");
    }

    @Test
    void anAppOfASyncSourceShowsWhatRunsAndTheCommitThatFailed() {
        jpm.rpc.Revision r = new jpm.rpc.Revision(2, "/h/sync/shop/eco.yaml", "ab", "2026-12-04T13:20:01Z", "alice",
                new jpm.rpc.RevisionSource("sync", "shop", new jpm.rpc.GitCommit("1111111111111111aaaa", "main", false, "/srv/r.git")), "s",
                List.of());
        AppDetail a = new AppDetail(PLAIN, List.of("node", "server.js"), List.of(), List.of(), List.of(), r);
        jpm.rpc.SyncSourceInfo failed = new jpm.rpc.SyncSourceInfo("shop", "/srv/r.git", "main", "eco.yaml", 60_000, false, null,
                "failed", "1111111111111111aaaa", "t", "2222222222222222bbbb", "t", "2222222222222222bbbb",
                "eco.yaml:4:16: /apps/0/instances: must be a number\neco.yaml:5:3: x", null, "r");
        assertThat(DescribeText.of(a, l -> "", failed)).contains("\nsync           shop: failed, runs 111111111111; commit"
                + " 222222222222 not applied: eco.yaml:4:16: /apps/0/instances: must be a number eco.yaml:5:3: x\n");
        jpm.rpc.SyncSourceInfo synced = new jpm.rpc.SyncSourceInfo("shop", "/srv/r.git", "main", "eco.yaml", 60_000, false, null,
                "synced", "1111111111111111aaaa", "t", "1111111111111111aaaa", "t", null, null, null, "r");
        assertThat(DescribeText.of(a, l -> "", synced)).contains("\nsync           shop: synced, runs 111111111111\n");
    }

    @Test
    void aFileInASyncCloneNamesItsSource() {
        java.nio.file.Path dir = java.nio.file.Path.of("/h/sync");
        assertThat(DescribeCommand.syncName(dir, "/h/sync/shop/deploy/eco.yaml")).isEqualTo("shop");
        assertThat(DescribeCommand.syncName(dir, "/h/sync/sources.json")).isNull();
        assertThat(DescribeCommand.syncName(dir, "/srv/eco.yaml")).isNull();
        assertThat(DescribeCommand.syncName(dir, "/h/sync/../x/eco.yaml")).isNull();
    }

    @Test
    void anAppWithDefaultsAndOneRunningInstance() {
        AppDetail a = new AppDetail(PLAIN, List.of("node", "server.js"), List.of(instance(0, 0, 41L, "online")), List.of());
        assertThat(DescribeText.of(a, l -> {
            throw new AssertionError("no uid or gid: the user is not resolved");
        })).isEqualTo("""
                name           api
                namespace      default
                script         server.js
                command        node server.js
                cwd            /srv/api
                instances      1
                exec_mode      fork
                env            -
                instance_var   NODE_APP_INSTANCE
                autorestart    true
                max_restarts   16
                min_uptime     1000 ms
                restart_delay  0 ms
                stop_signal    SIGTERM
                kill_timeout   1600 ms
                instance 0     id 0, online, pid 41, restarts 2, unstable restarts 1
                  out log      /h/logs/api-0-out.log
                  error log    /h/logs/api-0-error.log
                """);
    }

    @Test
    void aProbeItsHealthAndItsLastResults() {
        Supervision s = Supervision.builder().health(new Supervision.HealthCheck("http://127.0.0.1:${PORT}/health", null, null, 5000, 1000,
                3, 30_000, "none")).build();
        InstanceInfo i = new InstanceInfo(7, "api", "default", 0, 42L, jpm.rpc.InstanceStatus.ONLINE, 0, 0, 1000L, 0, 0, null, null, null,
                "/o", "/e").withHealth("healthy");
        InstanceDetail detail = new InstanceDetail(7, null, List.of(), null, 0, null, List.of(
                new jpm.rpc.ProbeResult("2025-01-02T03:04:00Z", false, 2000, "timed out after 1000 ms"),
                new jpm.rpc.ProbeResult("2025-01-02T03:04:05Z", true, 3, "HTTP 200")));
        AppDetail a = new AppDetail(new AppSpec("api", "default", 1, Launch.of("server.js", "/srv/api"), s), List.of("node", "server.js"),
                List.of(i), List.of(detail));
        assertThat(DescribeText.of(a, l -> "")).contains("""
                health                        http http://127.0.0.1:${PORT}/health, every 5000 ms, timeout 1000 ms, retries 3, start_period 30000 ms, on_unhealthy none
                instance 0                    id 7, online, pid 42, restarts 0, unstable restarts 0, health healthy
                  out log                     /o
                  error log                   /e
                  probe 2025-01-02T03:04:00Z  failed in 2000 ms: timed out after 1000 ms
                  probe 2025-01-02T03:04:05Z  passed in 3 ms: HTTP 200
                """);
    }

    @Test
    void optionalRowsShowOnlyWhenSet() {
        Launch launch = Launch.of("server.js", "/srv/api").withEnv(Map.of("B", "2", "A", "1")).withRunAs("nobody", null);
        Supervision s = Supervision.builder().stopSignal("SIGINT").maxMemoryRestartBytes(512L * 1024 * 1024)
                .cronRestart("0 3 * * *").build();
        InstanceInfo crashed = new InstanceInfo(7, "api", "default", 1, null, jpm.rpc.InstanceStatus.ERRORED, 16, 16, null, 0, 0, 1, "SIGSEGV",
                "too many unstable restarts", "/o", "/e");
        InstanceDetail detail = new InstanceDetail(7, "2025-01-02T03:04:05Z",
                List.of(new TransitionRecord("2025-01-02T03:04:00Z", "online", "errored", "exit code 1")));
        AppDetail a = new AppDetail(new AppSpec("api", "web", 2, launch, s), List.of("node", "server.js"), List.of(crashed),
                List.of(new InstanceDetail(3, "not this one", List.of()), detail));
        assertThat(DescribeText.of(a, l -> "nobody (uid " + l.uid() + ")")).isEqualTo("""
                name                    api
                namespace               web
                script                  server.js
                command                 node server.js
                cwd                     /srv/api
                user                    nobody (uid nobody)
                instances               2
                exec_mode               fork
                env                     A=1 B=2
                instance_var            NODE_APP_INSTANCE
                autorestart             true
                max_restarts            16
                min_uptime              1000 ms
                restart_delay           0 ms
                stop_signal             SIGINT
                kill_timeout            1600 ms
                max_memory_restart      512.0mb
                cron_restart            0 3 * * *
                instance 1              id 7, errored, pid -, restarts 16, unstable restarts 16, last exit code 1, last killed by SIGSEGV (too many unstable restarts)
                  out log               /o
                  error log             /e
                  next restart          2025-01-02T03:04:05Z
                  2025-01-02T03:04:00Z  online -> errored (exit code 1)
                """);
    }

    @Test
    void dependsOnWithEachConditionsStateNow() {
        var spec = PLAIN.withSupervision(PLAIN.supervision().toBuilder().dependsOn(java.util.Map.of("default/db", "healthy",
                "default/migrate", "completed")).restartDependents(true).build());
        AppDetail a = new AppDetail(spec, List.of("node", "server.js"), List.of(instance(0, 0, null, "waiting")), List.of(),
                List.of(new jpm.rpc.DependencyState("default/db", "healthy", "met"),
                        new jpm.rpc.DependencyState("default/migrate", "completed", "failed")));
        assertThat(DescribeText.of(a, l -> "")).contains("depends_on default/db       healthy: met\n")
                .contains("depends_on default/migrate  completed: failed\n").contains("restart_dependents          true\n");
    }
}
