package jpm.it;

import static jpm.it.JpmHomeFixture.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jpm.home.JpmHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * depends_on with the real bin/jpm, a real daemon and real children: a stack db (healthy after
 * 2 s) → migrate (a job that completes) → api (healthy) → web starts in dependency order and stops
 * in reverse, whatever starts it (apply, resurrect, a restore); a failing dependency stops apply
 * with the chain; a cycle is refused at load; restart_dependents after a restart, a rolling reload
 * and a restart held in waiting. The order is read from the daemon's event stream, which is the
 * order of the loop's transitions.
 */
class DependsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String HEALTH_APP = JpmHomeFixture.fixture("health-app.py").toString();

    /**
     * db listens 2 s after its spawn and is healthy once its TCP probe connects; migrate is a job
     * that must complete (exit with {@code migrateExit}) once db is healthy; api needs both and is
     * healthy once its own probe connects; web (2 instances) needs api healthy.
     */
    private Path stack(int migrateExit, String dbExtra) throws Exception {
        return write("stack.yaml", """
                apps:
                  - name: db
                    script: %s
                    env: {PORT: %d, LISTEN_DELAY_MS: 2000}
                    health: {tcp: "127.0.0.1:${PORT}", interval: 200, start_period: 20s}
                %s
                  - name: migrate
                    script: /bin/sh
                    args: ["-c", "sleep 0.2; exit %d"]
                    autorestart: false
                    depends_on: {db: {condition: healthy}}
                  - name: api
                    script: %s
                    env: {PORT: %d}
                    health: {tcp: "127.0.0.1:${PORT}", interval: 200, start_period: 20s}
                    depends_on:
                      db: {condition: healthy}
                      migrate: {condition: completed}
                  - name: web
                    script: /bin/sleep
                    args: ["600"]
                    instances: 2
                    depends_on: {api: {condition: healthy}}
                """.formatted(HEALTH_APP, dbPort, dbExtra, migrateExit, HEALTH_APP, apiPort));
    }

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    /** An app that runs until it is stopped, with more keys ({@code depends_on: [db]}, one a line). */
    private static String sleeper(String name, String... keys) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    script: /bin/sleep\n    args: [\"600\"]\n");
        for (String k : keys) b.append("    ").append(k).append('\n');
        return b.toString();
    }

    private final int dbPort;
    private final int apiPort;

    DependsIT() throws IOException {
        dbPort = freePort();
        apiPort = freePort();
    }

    private Path socket() {
        return JpmHome.resolve(jpm.home().toString(), Map.of()).socket();
    }

    /** Whether an event is of {@code type} and about {@code app}. */
    private static Predicate<Map<String, Object>> is(String app, String type) {
        return e -> type.equals(e.get("type")) && app.equals(EventSubscriber.subject(e).get("name"));
    }

    /** The events of {@code type} about {@code app}, in the stream's order. */
    private static List<Map<String, Object>> of(List<Map<String, Object>> events, String app, String type) {
        return events.stream().filter(is(app, type)).toList();
    }

    /** Position in the stream of the first (or the last) event that matches; fails, naming {@code what}, when none does. */
    private static int position(List<Map<String, Object>> events, boolean last, String what, Predicate<Map<String, Object>> matches) {
        int found = -1;
        for (int k = 0; k < events.size() && (last || found < 0); k++) {
            if (matches.test(events.get(k))) found = k;
        }
        if (found < 0) throw new AssertionError("no " + what + " in " + events);
        return found;
    }

    /** Position of the first event of {@code type} about {@code app} in the stream (fails when none). */
    private static int first(List<Map<String, Object>> events, String app, String type) {
        return position(events, false, type + " event for " + app, is(app, type));
    }

    /** Position of the last event of {@code type} about {@code app}. */
    private static int last(List<Map<String, Object>> events, String app, String type) {
        return position(events, true, type + " event for " + app, is(app, type));
    }

    /** Position of the first {@code health} event of {@code app} that says it became healthy. */
    private static int healthy(List<Map<String, Object>> events, String app) {
        return position(events, false, "health event to healthy for " + app,
                is(app, "health").and(e -> "healthy".equals(e.get("to"))));
    }

    private static Instant at(List<Map<String, Object>> events, int k) {
        return Instant.parse((String) events.get(k).get("at"));
    }

    /**
     * Each app spawned only after what it depends on met its condition: by the order of the
     * events, and by their times (db cannot be healthy sooner than 2 s after its spawn, when it
     * listens, so nothing that needs it healthy spawns sooner).
     */
    private static void assertStartOrder(List<Map<String, Object>> events) {
        assertThat(healthy(events, "db")).as("db healthy before migrate spawns").isLessThan(first(events, "migrate", "spawned"));
        assertThat(first(events, "migrate", "stopped")).as("migrate completed before api spawns").isLessThan(first(events, "api", "spawned"));
        assertThat(healthy(events, "db")).as("db healthy before api spawns").isLessThan(first(events, "api", "spawned"));
        assertThat(healthy(events, "api")).as("api healthy before web spawns").isLessThan(first(events, "web", "spawned"));
        Instant dbSpawned = at(events, first(events, "db", "spawned"));
        assertThat(Duration.between(dbSpawned, at(events, first(events, "migrate", "spawned"))))
                .as("migrate spawned once db listened, 2 s after its spawn").isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(at(events, first(events, "api", "spawned"))).isAfterOrEqualTo(at(events, healthy(events, "db")));
        assertThat(at(events, first(events, "web", "spawned"))).isAfterOrEqualTo(at(events, healthy(events, "api")));
    }

    /** Each app asked to stop only after every app that depends on it has stopped. */
    private static void assertStopOrder(List<Map<String, Object>> events) {
        assertThat(last(events, "web", "stopped")).as("web stopped before api is asked to").isLessThan(first(events, "api", "stop_requested"));
        assertThat(last(events, "api", "stopped")).as("api stopped before db is asked to").isLessThan(first(events, "db", "stop_requested"));
    }

    private static boolean allOnline(List<Map<String, Object>> jlist, String... apps) {
        for (String app : apps) {
            if (jlist.stream().noneMatch(i -> app.equals(i.get("name")))) return false;
            if (!jlist.stream().filter(i -> app.equals(i.get("name"))).allMatch(i -> "online".equals(i.get("status")))) return false;
        }
        return true;
    }

    @Test
    void applyStartsTheStackInDependencyOrder_stopAllAndDeleteAllStopItInReverse() throws Exception {
        Path file = stack(0, "");
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            JpmHomeFixture.Result applied = jpm.jpm("apply", file.toString()).ok();
            assertThat(applied.out()).contains("start order: default/db -> default/migrate -> default/api -> default/web");
            await().atMost(WAIT).until(() -> of(s.events(), "web", "online").size() == 2);
            List<Map<String, Object>> events = s.events();
            assertStartOrder(events);
            // web was held while api was not there yet: the waiting status and its reason
            assertThat(of(events, "web", "waiting"))
                    .isNotEmpty().allSatisfy(e -> assertThat((String) e.get("cause")).startsWith("waiting for api (healthy)"));
        }

        String tree = jpm.jpmWithEnv(Map.of("NO_COLOR", "1"), "ls", "--tree").ok().out();
        assertThat(tree).contains("default/web  2 online\n└─ [healthy: met] default/api  1 online\n");
        assertThat(tree).contains("[completed: met] default/migrate  1 stopped");
        assertThat(tree).doesNotContain("\u001b[");
        assertThat(jpm.jpm("describe", "api").ok().out()).containsPattern("depends_on default/migrate +completed: met");

        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("stop", "all").ok();
            assertStopOrder(s.events());
        }
        // a single app's stop stops only that app
        jpm.jpm("apply", file.toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("stop", "api").ok();
            assertThat(s.types("web")).isEmpty();
            assertThat(s.types("db")).isEmpty();
        }
        jpm.jpm("apply", file.toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("stop", file.toString()).ok(); // app by app, dependents first
            assertStopOrder(s.events());
        }
        jpm.jpm("apply", file.toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("delete", "all").ok();
            assertStopOrder(s.events());
        }
        assertThat(jpm.jlist()).isEmpty();
    }

    @Test
    void aFailingMigrateStopsTheApplyWithTheChainAndLeavesDbRunning() throws Exception {
        JpmHomeFixture.Result r = jpm.jpm("apply", stack(3, "").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("web waits for api waits for migrate: migrate stopped: exited with code 3 (autorestart is off)");
        List<Map<String, Object>> jlist = jpm.jlist();
        assertThat(allOnline(jlist, "db")).isTrue();
        assertThat(jlist.stream().filter(i -> "api".equals(i.get("name")) || "web".equals(i.get("name"))))
                .hasSize(3).allSatisfy(i -> assertThat(i.get("status")).isEqualTo("waiting"));
        assertThat(jlist.stream().filter(i -> "web".equals(i.get("name"))).findFirst().orElseThrow().get("status_reason"))
                .isEqualTo("waiting for api (healthy)");
    }

    @Test
    void aDependencyOutsideTheFileMustBeInTheDaemon() throws Exception {
        Path f = write("web.yaml", "apps:\n" + sleeper("web", "depends_on: [other/db]"));
        JpmHomeFixture.Result r = jpm.jpm("apply", f.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("default/web depends on other/db, which is neither in the file").contains("nothing was applied");
        assertThat(jpm.jlist()).isEmpty();
    }

    @Test
    void aCycleIsRefusedAtLoad() throws Exception {
        Path f = write("cycle.yaml", "apps:\n" + sleeper("a", "depends_on: [b]") + sleeper("b", "depends_on: [a]"));
        JpmHomeFixture.Result r = jpm.jpm("apply", f.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("a -> b -> a").contains("nothing was applied");
        assertThat(jpm.jlist()).isEmpty();
    }

    @Test
    void resurrectHonoursTheOrder_andKillStopsInReverse() throws Exception {
        jpm.jpm("apply", stack(0, "").toString()).ok();
        jpm.jpm("save").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("kill").ok();
            await().atMost(WAIT).until(() -> s.ended);
            assertStopOrder(s.events());
        }
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("resurrect").ok();
            await().atMost(WAIT).until(() -> allOnline(jpm.jlist(), "db", "api", "web"));
            assertStartOrder(s.events());
        }
    }

    @Test
    void aWaitingInstanceStillWaitsAfterADaemonCrash_andStartsOnceItsDependencyIsBack() throws Exception {
        jpm.jpm("apply", stack(0, "").toString()).ok();
        jpm.jpm("stop", "api").ok();
        jpm.jpm("restart", "web").ok();
        assertThat(jpm.jlist().stream().filter(i -> "web".equals(i.get("name"))))
                .allSatisfy(i -> assertThat(i.get("status")).isEqualTo("waiting"));
        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        await().atMost(WAIT).until(() -> jpm.exited(daemon));
        jpm.jpm("ping").ok(); // a new daemon restores the apps
        assertThat(jpm.jlist().stream().filter(i -> "web".equals(i.get("name"))))
                .allSatisfy(i -> assertThat(i.get("status")).isEqualTo("waiting"));
        jpm.jpm("start", "api").ok();
        await().atMost(WAIT).until(() -> allOnline(jpm.jlist(), "api", "web"));
    }

    @Test
    void restartDependents_aRestartedDbRestartsWhatDependsOnIt() throws Exception {
        jpm.jpm("apply", stack(0, "    restart_dependents: true").toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("restart", "db").ok();
            await().atMost(WAIT).until(() -> !of(s.events(), "api", "starting").isEmpty());
            List<Map<String, Object>> events = s.events();
            // api needs db healthy: it restarts once the new db is, not merely online
            assertThat(healthy(events, "db")).as("api restarts once db is back").isLessThan(first(events, "api", "stop_requested"));
            assertThat(of(events, "api", "stop_requested"))
                    .singleElement().satisfies(e -> assertThat(e.get("cause")).isEqualTo("dependency default/db restarted"));
        }
        // web depends on api, which has no restart_dependents: api's restart is not passed on
        await().atMost(WAIT).until(() -> allOnline(jpm.jlist(), "db", "api"));
        assertThat(jpm.jlist().stream().filter(i -> "web".equals(i.get("name")))).allSatisfy(i ->
                assertThat(((Number) i.get("restarts")).intValue()).isZero());
    }

    /**
     * A rolling reload of a cluster db with restart_dependents: api is restarted once, after the
     * last instance of db was replaced and the new ones are online, not after each step.
     */
    @Test
    void restartDependents_aRollingReloadOfAClusterDbRestartsItsDependentsOnceWhenItIsOver() throws Exception {
        Path f = write("cluster.yaml", """
                apps:
                  - name: db
                    script: %s
                    exec_mode: cluster
                    instances: 2
                    port: %d
                    restart_dependents: true
                """.formatted(JpmHomeFixture.fixture("cluster/http-app.py"), dbPort) + sleeper("api", "depends_on: [db]"));
        jpm.jpm("apply", f.toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("reload", "db").ok();
            await().atMost(WAIT).until(() -> s.types("api").contains("online"));
            // a second restart would follow at once: give it the time to show
            Thread.sleep(1000);
            List<Map<String, Object>> events = s.events();
            List<Map<String, Object>> replaced = events.stream().filter(e -> "reload_step".equals(e.get("type"))
                    && "replaced".equals(e.get("phase"))).toList();
            assertThat(replaced).as("%s", events).hasSize(2);
            assertThat(of(events, "api", "stop_requested")).as("%s", events).singleElement()
                    .satisfies(e -> assertThat(e.get("cause")).isEqualTo("dependency default/db restarted"));
            assertThat(events.indexOf(replaced.getLast())).as("api restarts once the reload is over")
                    .isLessThan(first(events, "api", "stop_requested"));
            assertThat(last(events, "db", "stopped")).as("the last old db instance is gone first")
                    .isLessThan(first(events, "api", "stop_requested"));
        }
        assertThat(allOnline(jpm.jlist(), "db", "api")).isTrue();
        assertThat(jpm.jlist().stream().filter(i -> "api".equals(i.get("name")))).singleElement()
                .satisfies(i -> assertThat(((Number) i.get("restarts")).intValue()).isEqualTo(1));
    }

    /**
     * db's restart is held (its own dependency, cache, is stopped): api keeps running meanwhile, and
     * is restarted once db is back, after cache was started again.
     */
    @Test
    void restartDependents_aRestartOfDbHeldInWaitingRestartsItsDependentsOnceDbIsBack() throws Exception {
        Path f = write("held.yaml", "apps:\n" + sleeper("cache") + sleeper("db", "depends_on: [cache]", "restart_dependents: true")
                + sleeper("api", "depends_on: [db]"));
        jpm.jpm("apply", f.toString()).ok();
        jpm.jpm("stop", "cache").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), null)) {
            jpm.jpm("restart", "db").ok();
            Map<String, Object> db = jpm.jlist().stream().filter(i -> "db".equals(i.get("name"))).findFirst().orElseThrow();
            assertThat(db.get("status")).isEqualTo("waiting");
            assertThat(db.get("status_reason")).isEqualTo("waiting for cache (started)");
            assertThat(of(s.events(), "db", "waiting"))
                    .singleElement().satisfies(e -> assertThat(e.get("restart")).isEqualTo(true));
            assertThat(of(s.events(), "api", "stop_requested")).as("api runs on while db waits").isEmpty();
            assertThat(allOnline(jpm.jlist(), "api")).isTrue();

            jpm.jpm("start", "cache").ok();
            await().atMost(WAIT).until(() -> s.types("api").contains("online"));
            Thread.sleep(1000); // a second restart would follow at once
            List<Map<String, Object>> events = s.events();
            assertThat(of(events, "api", "stop_requested")).as("%s", events).singleElement()
                    .satisfies(e -> assertThat(e.get("cause")).isEqualTo("dependency default/db restarted"));
            assertThat(first(events, "db", "online")).as("api restarts once db is back").isLessThan(first(events, "api", "stop_requested"));
        }
        assertThat(allOnline(jpm.jlist(), "cache", "db", "api")).isTrue();
    }
}
