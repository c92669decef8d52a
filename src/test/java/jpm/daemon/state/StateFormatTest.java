package jpm.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import jpm.daemon.state.SavedState.SavedApp;
import jpm.daemon.state.SavedState.SavedInstance;
import jpm.json.FlatComponents;
import jpm.json.Json;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by real past builds load as they were meant. Each directory under
 * {@code state-formats/} holds the state.json and dump.json a build's daemon wrote for the
 * eco.yaml beside them (apply, a hand-started app then stopped, {@code jpm save}), one per commit
 * that changed what the files hold; see the README there.
 */
class StateFormatTest {
    static final String CWD = "/tmp/jpm-state-fixture/app";
    static final String ECO = CWD + "/eco.yaml";

    static String fixture(String commit, String file) throws IOException {
        try (InputStream in = StateFormatTest.class.getResourceAsStream("/jpm/daemon/state-formats/" + commit + "/" + file)) {
            assertThat(in).as(commit + "/" + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static SavedState load(String commit, String file) throws IOException {
        return StateFormat.read(fixture(commit, file), commit + "/" + file);
    }

    /** Which generation of attributes a build had: logs (log_type, rotation), cluster (port, readiness). */
    static boolean hasLogs(String commit) {
        return List.of("9ed4204", "9839d88", "0063f64").contains(commit);
    }

    static boolean hasCluster(String commit) {
        return List.of("9839d88", "0063f64").contains(commit);
    }

    /** The apps of eco.yaml and the hand-started one, with the values the fixture's build could express. */
    static List<AppSpec> expectedSpecs(String commit) {
        Supervision apiSup = Supervision.builder().restartDelayMs(250).killTimeoutMs(3000).stopExitCodes(List.of(0))
                .maxMemoryRestartBytes(200L << 20).cronRestart("0 3 * * *")
                .logMaxSizeBytes(hasLogs(commit) ? 1L << 20 : 0).logRetain(hasLogs(commit) ? 3 : 10)
                .logCompress(hasLogs(commit)).build();
        Launch apiLaunch = Launch.of("app.sh", CWD).withArgs(List.of("--mode", "fixture"))
                .withEnv(Map.of("GREETING", "hello", "API_TOKEN", "fixture-token"));
        if (hasLogs(commit)) apiLaunch = apiLaunch.withLogs(null, null, null, false, true, "YYYY-MM-DD HH:mm:ss", null);
        AppSpec api = new AppSpec("api", "default", 1, apiLaunch, apiSup);
        AppSpec web = hasCluster(commit)
                ? new AppSpec("web", "shop", 2, new Launch("server.py", List.of(), CWD, null, List.of(),
                        Map.of("GREETING", "hi", "PORT", "4731"), null, null, "cluster", null, null, null, false, false, null, null,
                        4731, "127.0.0.1", null, null, null), Supervision.DEFAULTS.toBuilder().waitReady(true)
                                .listenTimeoutMs(8000).build())
                : new AppSpec("web", "shop", 2, new Launch("app.sh", List.of(), CWD, null, List.of(), Map.of("PORT", "4731"),
                        null, "PORT", "cluster", null, null, null, false, false, null, null, null, null, null, null, null), Supervision.DEFAULTS);
        AppSpec tool = AppSpec.of("tool", "app.sh", CWD).withLaunch(Launch.of("app.sh", CWD).withArgs(List.of("--by-hand")));
        return List.of(api, web, tool);
    }

    /** The instances each build's daemon recorded: id index pid status restarts. */
    static final Map<String, String> INSTANCES = Map.of(
            "574fc11", "0 0 25450 online 0, 1 0 25452 online 0, 2 1 25454 online 0, 3 0 null stopped 0",
            "3f85f27", "0 0 26386 online 0, 1 0 26388 online 0, 2 1 26390 online 0, 3 0 null stopped 0",
            "9ed4204", "0 0 27062 online 0, 1 0 27066 online 0, 2 1 27068 online 0, 3 0 null stopped 0",
            // that build had port in the spec but did not yet hand sockets over: the second instance could not bind
            "9839d88", "0 0 27829 online 0, 1 0 null waiting-restart 9, 2 1 27836 online 0, 3 0 null stopped 0",
            "0063f64", "0 0 31011 online 0, 1 0 31026 online 0, 2 1 31034 online 0, 3 0 null stopped 0");

    static String instances(SavedState s) {
        List<String> out = new ArrayList<>();
        for (SavedApp a : s.apps()) {
            for (SavedInstance i : a.instances()) {
                out.add(i.id() + " " + i.index() + " " + i.pid() + " " + i.status() + " " + i.restarts());
            }
        }
        return String.join(", ", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"574fc11", "3f85f27", "9ed4204", "9839d88", "0063f64"})
    void aStateFileOfEveryPastBuildLoadsWithItsAppsInstancesAndSpecs(String commit) throws IOException {
        SavedState s = load(commit, "state.json");
        assertThat(s.nextId()).isEqualTo(4);
        assertThat(s.generation()).isEqualTo(2);
        assertThat(s.apps()).extracting(SavedApp::spec).containsExactlyElementsOf(expectedSpecs(commit));
        assertThat(s.apps()).extracting(SavedApp::owner).containsExactly(ECO, ECO, null);
        assertThat(instances(s)).isEqualTo(INSTANCES.get(commit));
        // start times identify the processes to adopt: every running instance has one
        assertThat(s.apps()).flatExtracting(SavedApp::instances).allSatisfy(i ->
                assertThat(i.startTicks() != null).isEqualTo(i.pid() != null));
        assertThat(s.apps()).flatExtracting(SavedApp::instances).extracting(SavedInstance::startAfterStop).containsOnly(false);
        SavedInstance tool = s.apps().get(2).instances().getFirst();
        assertThat(tool.exitSignal()).isEqualTo("SIGTERM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"574fc11", "3f85f27", "9ed4204", "9839d88", "0063f64"})
    void aDumpFileOfEveryPastBuildLoadsWithItsSpecsAndNoInstances(String commit) throws IOException {
        SavedState d = load(commit, "dump.json");
        assertThat(d.apps()).extracting(SavedApp::spec).containsExactlyElementsOf(expectedSpecs(commit));
        assertThat(d.apps()).extracting(SavedApp::owner).containsExactly(ECO, ECO, null);
        assertThat(d.apps()).allSatisfy(a -> assertThat(a.instances()).isEmpty());
    }

    @Test
    void keysAbsentFromAnOldFileReadAsTheDefaultsItsBuildBehavedAs() throws IOException {
        SavedState old = load("574fc11", "state.json");
        AppSpec web = old.apps().get(1).spec();
        assertThat(web.launch().logType()).isNull();
        assertThat(web.launch().port()).isNull();
        assertThat(web.launch().listenAddress()).isNull();
        assertThat(web.supervision().logs().logMaxSizeBytes()).isZero();
        assertThat(web.supervision().logs().logRetain()).isEqualTo(10);
        assertThat(web.supervision().logs().logCompress()).isFalse();
        assertThat(web.supervision().readiness().waitReady()).isFalse();
        assertThat(web.supervision().readiness().listenTimeoutMs()).isEqualTo(3000);
        assertThat(old.apps().getFirst().instances().getFirst().startAfterStop()).isFalse();
    }

    @Test
    void whatThisBuildWritesHoldsEveryKeyOfTheCurrentFormatsLastBuildWithItsValue() throws IOException {
        // so a daemon of that build still reads what this one writes (a rollback keeps the apps): it
        // ignores keys it does not know, so only keys added since, with their defaults, may differ
        List<String> addedSince = List.of("uid", "gid", "hooks", "stdin", "health", "depends_on", "restart_dependents");
        for (String file : List.of("state.json", "dump.json")) {
            String text = fixture("0063f64", file);
            Object written = Json.parse(StateFormat.write(StateFormat.read(text, file)));
            assertThat(withoutKeys(written, addedSince)).as(file).isEqualTo(Json.parse(text));
        }
    }

    /** The tree with the given keys removed from every object, where they are absent or null. */
    private static Object withoutKeys(Object tree, List<String> keys) {
        if (tree instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!(keys.contains(k) && v == null)) out.put(k, withoutKeys(v, keys));
            });
            return out;
        }
        if (tree instanceof List<?> l) return l.stream().map(v -> withoutKeys(v, keys)).toList();
        return tree;
    }

    @Test
    void everyComponentOfTheSpecSurvivesAWriteAndARead() throws Exception {
        Launch launch = new Launch("s.js", List.of("a"), "/w", "node", List.of("--x"), Map.of("K", "v"), "INST", "PORT",
                "cluster", "o.log", "e.log", "c.log", true, true, "YYYY", "json", 3000, "::1", "nobody", "nogroup", "message");
        Supervision sup = Supervision.builder().autorestart(false).maxRestarts(3).minUptimeMs(5).restartDelayMs(6)
                .expBackoffRestartDelayMs(7).killTimeoutMs(8).stopSignal("SIGINT").stopExitCodes(List.of(2))
                .maxMemoryRestartBytes(9).cronRestart("0 3 * * *").watch(List.of("src"))
                .ignoreWatch(List.of("node_modules")).watchDelayMs(11).logMaxSizeBytes(8192).logRetain(4)
                .logCompress(true).waitReady(true).listenTimeoutMs(12)
                .hooks(Map.of("errored", List.of("/usr/bin/logger", "-t", "jpm")))
                .health(new Supervision.HealthCheck(null, "127.0.0.1:${PORT}", null, 13, 14, 5, 15, "none"))
                .dependsOn(Map.of("default/db", "healthy")).restartDependents(true).build();
        // a component added to Launch or Supervision must be set here, or this test cannot see it dropped
        assertEveryComponentDiffers(launch, Launch.of("x.js", "/"));
        assertEveryComponentDiffers(sup, Supervision.DEFAULTS);
        AppSpec spec = new AppSpec("a", "ns", 3, launch, sup);
        SavedState s = new SavedState(5, 6, List.of(new SavedApp(spec, "/eco.yaml",
                List.of(new SavedInstance(1, 2, 3L, 4L, "stopping", 5, 6, 7, "SIGKILL", "why", true)))));
        assertThat(StateFormat.read(StateFormat.write(s), "x")).isEqualTo(s);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatDriftIsToldFrom_survivesAWriteAndARead_andIsAbsentWhenThereIsNone() throws Exception {
        AppSpec spec = AppSpec.of("api", "app.sh", "/srv");
        java.time.Instant at = java.time.Instant.parse("2026-01-01T10:00:00Z");
        SavedState s = new SavedState(5, 6, List.of(new SavedApp(spec, "/eco.yaml", List.of(),
                new SavedState.Applied("/eco.yaml", 2, at), new SavedState.Changed("jpm scale", "alice", at.plusSeconds(60))),
                new SavedApp(spec.withNamespace("shop"), null, List.of())),
                List.of(new SavedState.Removed("default/worker", "/eco.yaml", "jpm delete", "alice", at.plusSeconds(120))));
        assertThat(StateFormat.read(StateFormat.write(s), "x")).isEqualTo(s);
        @SuppressWarnings("unchecked")
        Map<String, Object> bare = (Map<String, Object>) Json.parse(StateFormat.write(new SavedState(0, 0, List.of(
                new SavedApp(spec, null, List.of())))));
        assertThat(bare).doesNotContainKey("removed");
        Map<String, Object> app = (Map<String, Object>) ((List<?>) bare.get("apps")).getFirst();
        assertThat(app.keySet()).doesNotContain("applied", "changed");
    }

    static void assertEveryComponentDiffers(Record sample, Record defaults) {
        for (FlatComponents.Leaf c : FlatComponents.of(sample.getClass()).values()) {
            assertThat(c.get(sample)).as(sample.getClass().getSimpleName() + "." + c.name()
                    + " of the sample must differ from its default").isNotEqualTo(c.get(defaults));
        }
    }

    @Test
    void anOlderFormatIsMigratedStepByStepAndANewerOneRefused() throws Exception {
        List<UnaryOperator<Map<String, Object>>> steps = List.of(
                t -> {
                    t.put("renamed", t.remove("old"));
                    return t;
                },
                t -> {
                    t.put("added", "by step 2");
                    return t;
                });
        Map<String, Object> v1 = new LinkedHashMap<>(Map.of("version", 1L, "old", "x"));
        assertThat(StateFormat.migrate(v1, "f", 3, steps)).isEqualTo(Map.of("version", 3L, "renamed", "x", "added", "by step 2"));
        assertThat(StateFormat.migrate(Map.of("version", 2L, "renamed", "y"), "f", 3, steps))
                .isEqualTo(Map.of("version", 3L, "renamed", "y", "added", "by step 2"));
        assertThatThrownBy(() -> StateFormat.migrate(Map.of("version", 4L), "f", 3, steps))
                .isInstanceOf(NewerFormatException.class).hasMessageStartingWith("f was written by a newer jpm (format 4;");
        assertThatThrownBy(() -> StateFormat.migrate(Map.of("apps", List.of()), "f", 3, steps))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no format version");
        assertThatThrownBy(() -> StateFormat.read("[]", "f")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAppWithoutAnIdentityIsDamagedRatherThanGuessed() {
        String noId = fixture0063("\"id\": 3,", "");
        assertThatThrownBy(() -> StateFormat.read(noId, "f")).hasMessageContaining("an instance's id is missing");
    }

    static String fixture0063(String remove, String by) {
        try {
            String text = fixture("0063f64", "state.json");
            assertThat(text).contains(remove);
            return text.replace(remove, by);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fixturesAreWhatTheirBuildsWroteNotHandEdits() throws IOException {
        // the version every past build wrote, and no key a later build introduced
        for (String c : INSTANCES.keySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) Json.parse(fixture(c, "state.json"));
            assertThat(tree.get("version")).as(c).isEqualTo(1L);
            assertThat(fixture(c, "state.json").contains("listen_timeout_ms")).as(c).isEqualTo(hasCluster(c));
            assertThat(fixture(c, "state.json").contains("log_retain")).as(c).isEqualTo(hasLogs(c));
        }
    }
}
