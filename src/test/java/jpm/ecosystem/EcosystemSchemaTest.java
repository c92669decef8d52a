package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.json.FlatComponents;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** The schema, the PM2 vocabulary, the records and the reference page agree with each other. */
class EcosystemSchemaTest {
    final EcosystemSchema schema = EcosystemSchema.get();

    @Test
    void everyAttributeHasADescriptionAndAClass() {
        for (String key : schema.appKeys()) {
            JSONObject a = schema.attribute(key);
            assertThat(a.optString("description")).as(key).isNotBlank();
            assertThat(a.optString("x-jpm-class")).as(key).isIn("identity", "scale", "restart", "live");
        }
    }

    /** Launch is what needs a restart, Supervision what is applied live (their javadoc). */
    @Test
    void theClassOfEachAttributeFollowsTheRecordThatHoldsIt() {
        Map<String, String> expected = new HashMap<>(Map.of("name", "identity", "namespace", "identity", "instances", "scale"));
        for (FlatComponents.Leaf c : FlatComponents.of(Launch.class).values()) expected.put(key(c.component()), "restart");
        for (FlatComponents.Leaf c : FlatComponents.of(Supervision.class).values()) expected.put(key(c.component()), "live");
        Map<String, String> actual = new HashMap<>();
        for (String key : schema.appKeys()) actual.put(key, schema.attribute(key).getString("x-jpm-class"));
        assertThat(actual).isEqualTo(expected);
    }

    private static String key(RecordComponent c) {
        return Pm2Vocabulary.snakeCase(c.getName()).replaceAll("_(ms|bytes)$", "");
    }

    @Test
    void defaultsInTheSchemaAreTheDefaultsOfTheRecords() {
        Supervision d = Supervision.DEFAULTS;
        assertThat(defaultOf("autorestart")).isEqualTo(d.restart().autorestart());
        assertThat(defaultOf("max_restarts")).isEqualTo(d.restart().maxRestarts());
        assertThat(((Number) defaultOf("min_uptime")).longValue()).isEqualTo(d.restart().minUptimeMs());
        assertThat(((Number) defaultOf("restart_delay")).longValue()).isEqualTo(d.restart().restartDelayMs());
        assertThat(((Number) defaultOf("exp_backoff_restart_delay")).longValue()).isEqualTo(d.restart().expBackoffRestartDelayMs());
        assertThat(((Number) defaultOf("kill_timeout")).longValue()).isEqualTo(d.stop().killTimeoutMs());
        assertThat(((Number) defaultOf("watch_delay")).longValue()).isEqualTo(d.triggers().watchDelayMs());
        assertThat(((Number) defaultOf("max_memory_restart")).longValue()).isEqualTo(d.triggers().maxMemoryRestartBytes());
        assertThat(defaultOf("stop_signal")).isEqualTo(d.stop().stopSignal());
        assertThat(((JSONArray) defaultOf("stop_exit_codes")).toList()).isEqualTo(List.copyOf(d.stop().stopExitCodes()));
        Launch l = Launch.of("a", "/");
        assertThat(defaultOf("instance_var")).isEqualTo(l.instanceVar());
        assertThat(defaultOf("exec_mode")).isEqualTo(l.execMode());
        assertThat(defaultOf("merge_logs")).isEqualTo(l.mergeLogs());
        assertThat(defaultOf("time")).isEqualTo(l.time());
        assertThat(defaultOf("namespace")).isEqualTo(AppSpec.DEFAULT_NAMESPACE);
        assertThat(defaultOf("instances")).isEqualTo(1);
    }

    private Object defaultOf(String key) {
        return schema.attribute(key).get("default");
    }

    @Test
    void thePm2VocabularyPointsAtRealKeys() {
        Set<String> canonical = schema.appKeys();
        Map<String, Pm2Vocabulary.Pm2Key> keys = Pm2Vocabulary.get().pm2Keys();
        assertThat(keys).containsKeys("pmx", "vizion", "source_map_support", "automation", "trace", "watch_options");
        for (Pm2Vocabulary.Pm2Key k : keys.values()) {
            if (k.supported()) {
                assertThat(canonical).as(k.key()).contains(k.aliasOf() == null ? k.key() : k.aliasOf());
            } else {
                assertThat(canonical).as("ignored " + k.key()).doesNotContain(k.key());
                if (k.aliasOf() != null) assertThat(keys).as(k.key()).containsKey(k.aliasOf());
            }
            assertThat(k.key()).as("camelCase forms are derived, not listed").isEqualTo(
                    k.key().equals("windowsHide") ? k.key() : Pm2Vocabulary.snakeCase(k.key()));
        }
        assertThat(canonical.stream().filter(c -> !keys.containsKey(c))).as("jpm's own keys")
                .containsExactlyInAnyOrder("stop_signal", "log_max_size", "log_retain", "log_compress", "listen_address", "hooks", "stdin",
                        "health", "depends_on", "restart_dependents");
    }

    @Test
    void theReferencePageDescribesEveryAttributeAndEveryPm2Key() throws IOException {
        String doc = Files.readString(Path.of("docs/ecosystem.md"));
        for (String key : schema.appKeys()) assertThat(doc).as(key).contains("`" + key + "`");
        for (String key : Pm2Vocabulary.get().pm2Keys().keySet()) assertThat(doc).as(key).contains("`" + key + "`");
    }
}
