package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift: what other commands changed since a file's last apply, as {@code jpm diff} lists it (with
 * who and when), as {@code jpm apply} repairs it and says so, and across a daemon crash.
 */
class DriftIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String USER = System.getProperty("user.name");

    /** Four apps in namespace shop; flaky exits with code 3 at once while its marker file exists. */
    private Path ecosystem(Path marker) throws Exception {
        Path flaky = dir.resolve("flaky.sh");
        Files.writeString(flaky, "#!/usr/bin/env bash\n[ -e '" + marker + "' ] && exit 3\nexec sleep 100000\n");
        flaky.toFile().setExecutable(true);
        String hello = JpmHomeFixture.fixture("hello.sh").toString();
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n"
                + "  - {name: api, namespace: shop, script: " + hello + ", instances: 2, min_uptime: 300}\n"
                + "  - {name: web, namespace: shop, script: " + hello + ", min_uptime: 300}\n"
                + "  - {name: worker, namespace: shop, script: " + hello + ", min_uptime: 300}\n"
                + "  - {name: flaky, namespace: shop, script: " + flaky + ", min_uptime: 300, max_restarts: 1}\n");
        return eco;
    }

    private String status(String name) {
        return jpm.jlist().stream().filter(i -> name.equals(i.get("name"))).map(i -> (String) i.get("status")).findFirst().orElse(null);
    }

    private Long pid(String name) {
        return jpm.jlist().stream().filter(i -> name.equals(i.get("name"))).map(i -> (Long) i.get("pid")).findFirst().orElse(null);
    }

    /** The lines of diff's drift section (after its heading, up to the first line that is not an item). */
    private static List<String> driftSection(String out) {
        List<String> lines = out.lines().toList();
        int start = lines.indexOf("drift since the last apply (changed by other commands):");
        if (start < 0) return List.of();
        return lines.subList(start + 1, lines.size()).stream().takeWhile(l -> l.matches("  [^ /]+/.*")).map(String::strip).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> driftJson(String out) {
        return driftJson(out, "drift");
    }

    /** The items under {@code key} (diff's drift, apply's repaired_drift) by app. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> driftJson(String out, String key) {
        Map<String, Object> tree = (Map<String, Object>) Json.parse(out.strip());
        Map<String, Map<String, Object>> byApp = new HashMap<>();
        for (Object o : (List<Object>) tree.get(key)) {
            Map<String, Object> item = (Map<String, Object>) o;
            byApp.put((String) item.get("app"), item);
        }
        return byApp;
    }

    private void killDaemonHard() throws Exception {
        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        ProcessHandle.of(daemon).ifPresent(h -> h.onExit().join());
    }

    @Test
    void diffListsWhatCommandsChanged_applyRepairsItAndSaysSo_andItSurvivesADaemonCrash() throws Exception {
        Path marker = dir.resolve("broken");
        Path eco = ecosystem(marker);
        jpm.jpm("apply", eco.toString()).ok();
        JpmHomeFixture.Result clean = jpm.jpm("diff", eco.toString());
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).doesNotContain("drift");

        jpm.jpm("scale", "api", "4").ok();
        jpm.jpm("stop", "web").ok();
        jpm.jpm("delete", "worker").ok();
        jpm.jpm("start", JpmHomeFixture.fixture("hello.sh").toString(), "--name", "extra", "--namespace", "shop").ok();
        Files.writeString(marker, "");
        new ProcessBuilder("kill", "-KILL", Long.toString(pid("flaky"))).start().waitFor();
        await().atMost(WAIT).until(() -> "errored".equals(status("flaky")));

        JpmHomeFixture.Result diff = jpm.jpm("diff", eco.toString());
        assertThat(diff.exit()).as(diff.out()).isEqualTo(1);
        List<String> drift = driftSection(diff.out());
        assertThat(drift).as(diff.out()).hasSize(5);
        assertThat(drift.get(0)).startsWith("shop/api scaled 2→4 by " + USER + " at ").endsWith("(jpm scale)");
        assertThat(drift.get(1)).startsWith("shop/extra started by hand (not in the file) by " + USER + " at ").endsWith("(jpm start)");
        assertThat(drift.get(2)).startsWith("shop/flaky errored (1 of 1 instance): exited with code 3").contains(" at ");
        assertThat(drift.get(3)).startsWith("shop/web stopped (1 of 1 instance) by " + USER + " at ").endsWith("(jpm stop)");
        assertThat(drift.get(4)).startsWith("shop/worker deleted by " + USER + " at ").endsWith("(jpm delete)");
        // the plan is its own part: what applying the file would change
        assertThat(diff.out()).contains("  ^ scale   shop/api: 4 -> 2 instances", "  + start   shop/worker: 1 instance",
                "  > resume  shop/web", "  > resume  shop/flaky");

        Map<String, Map<String, Object>> json = driftJson(jpm.jpm("diff", eco.toString(), "--json").out());
        assertThat(json).containsOnlyKeys("shop/api", "shop/extra", "shop/flaky", "shop/web", "shop/worker");
        assertThat(json.get("shop/api")).containsEntry("kind", "scaled").containsEntry("from", 2L).containsEntry("to", 4L)
                .containsEntry("command", "jpm scale").containsEntry("user", USER);
        assertThat(json.get("shop/api").get("at")).isNotNull();
        assertThat(json.get("shop/web")).containsEntry("kind", "stopped").containsEntry("instances", 1L).containsEntry("of", 1L);
        assertThat(json.get("shop/worker")).containsEntry("kind", "deleted").containsEntry("user", USER);
        assertThat(json.get("shop/extra")).containsEntry("kind", "started").containsEntry("command", "jpm start");
        assertThat(json.get("shop/flaky")).containsEntry("kind", "errored");
        assertThat((String) json.get("shop/flaky").get("reason")).contains("exited with code 3");

        // state.json keeps who changed what: a new daemon, which re-adopts the apps, still knows
        killDaemonHard();
        List<String> afterCrash = driftSection(jpm.jpm("diff", eco.toString()).out());
        assertThat(afterCrash).hasSize(5);
        assertThat(afterCrash.get(0)).startsWith("shop/api scaled 2→4 by " + USER + " at ");
        assertThat(afterCrash.get(3)).startsWith("shop/web stopped (1 of 1 instance) by " + USER);
        assertThat(afterCrash.get(4)).startsWith("shop/worker deleted by " + USER);
        assertThat(afterCrash.get(2)).startsWith("shop/flaky errored (1 of 1 instance): exited with code 3");

        Files.delete(marker);
        String applied = jpm.jpm("apply", eco.toString()).ok().out();
        assertThat(applied).contains("repaired drift: shop/api scaled 2→4 by " + USER + " at ",
                "repaired drift: shop/web stopped (1 of 1 instance) by " + USER, "repaired drift: shop/worker deleted by " + USER,
                "repaired drift: shop/flaky errored (1 of 1 instance)");
        assertThat(applied).doesNotContain("repaired drift: shop/extra");
        assertThat(driftSection(jpm.jpm("diff", eco.toString()).out())).containsExactly(
                driftSection(diff.out()).get(1)); // apply leaves an app the file does not list alone

        jpm.jpm("delete", "extra").ok();
        JpmHomeFixture.Result after = jpm.jpm("diff", eco.toString());
        assertThat(after.exit()).as(after.out()).isZero();
        assertThat(after.out()).doesNotContain("drift").contains("no changes");
        assertThat(driftJson(jpm.jpm("diff", eco.toString(), "--json").out())).isEmpty();
    }

    @Test
    void startTakeOverReplacesTheFilesDefinition_andApplyTakesItBack() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        String hello = JpmHomeFixture.fixture("hello.sh").toString();
        Files.writeString(eco, "apps:\n  - {name: api, script: " + hello + ", min_uptime: 300}\n");
        jpm.jpm("apply", eco.toString()).ok();
        jpm.jpm("start", JpmHomeFixture.fixture("tree.sh").toString(), "--name", "api", "--take-over").ok();

        List<String> drift = driftSection(jpm.jpm("diff", eco.toString()).out());
        assertThat(drift).hasSize(1);
        assertThat(drift.getFirst()).startsWith("default/api definition replaced (no longer the file's) by " + USER + " at ")
                .endsWith("(jpm start --take-over)");

        // --json: the same repair as an item of repaired_drift
        Map<String, Map<String, Object>> repaired = driftJson(jpm.jpm("apply", eco.toString(), "--json").ok().out(), "repaired_drift");
        assertThat(repaired).containsOnlyKeys("default/api");
        assertThat(repaired.get("default/api")).containsEntry("kind", "replaced").containsEntry("command", "jpm start --take-over")
                .containsEntry("user", USER);
        assertThat(jpm.jpm("diff", eco.toString()).out()).doesNotContain("drift");
        // and the text form, after another take-over
        jpm.jpm("start", JpmHomeFixture.fixture("tree.sh").toString(), "--name", "api", "--take-over").ok();
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("repaired drift: default/api definition replaced");
    }
}
