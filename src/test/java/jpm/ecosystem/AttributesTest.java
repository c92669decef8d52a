package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jpm.ecosystem.Attribute.OnChange;
import jpm.json.FlatComponents;
import jpm.json.Json;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Attributes} is the one definition of an attribute: the records, the schema,
 * pm2-keys.json and the binder each agree with it, so an attribute added to one of them and not
 * to the registry (or the other way round) fails here, naming what is missing where.
 */
class AttributesTest {
    @TempDir
    Path dir;

    /**
     * A value of each attribute that is valid and differs from its default, to show that the
     * binder carries it into its component. An attribute added to the registry needs one here.
     */
    static final Map<String, Object> SAMPLES = samples();

    private static Map<String, Object> samples() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "other");
        m.put("namespace", "ns");
        m.put("script", "other.sh");
        m.put("args", List.of("-x"));
        m.put("cwd", "sub");
        m.put("interpreter", "bash");
        m.put("interpreter_args", "--norc");
        m.put("instances", 2);
        m.put("exec_mode", "cluster");
        m.put("port", 3000);
        m.put("listen_address", "127.0.0.1");
        m.put("uid", "www-data");
        m.put("gid", "www-data");
        m.put("stdin", "message");
        m.put("wait_ready", true);
        m.put("listen_timeout", "5s");
        m.put("env", Map.of("A", "1"));
        m.put("env_<name>", Map.of("B", 2)); // written as env_production and loaded with --env production
        m.put("autorestart", false);
        m.put("max_restarts", 3);
        m.put("min_uptime", "5s");
        m.put("restart_delay", 100);
        m.put("exp_backoff_restart_delay", 100);
        m.put("kill_timeout", "3s");
        m.put("stop_signal", "SIGINT");
        m.put("stop_exit_codes", List.of(1));
        m.put("max_memory_restart", "200M");
        m.put("cron_restart", "0 3 * * *");
        m.put("watch", true);
        m.put("ignore_watch", List.of("*.log"));
        m.put("watch_delay", 500);
        m.put("out_file", "out.log");
        m.put("error_file", "err.log");
        m.put("log_file", "all.log");
        m.put("merge_logs", true);
        m.put("time", true);
        m.put("log_date_format", "YYYY-MM-DD");
        m.put("log_type", "json");
        m.put("log_max_size", "10M");
        m.put("log_retain", 3);
        m.put("log_compress", true);
        m.put("instance_var", "ID");
        m.put("increment_var", "PORT");
        m.put("hooks", Map.of("errored", List.of("true", "--channel", "ops")));
        m.put("health", Map.of("http", "http://127.0.0.1:3000/health"));
        m.put("depends_on", List.of("other/db")); // an app of another file: the file has only this app
        m.put("restart_dependents", true);
        return m;
    }

    @Test
    void keysAndAliasesAreUniqueAndSnakeCase() {
        List<String> names = new ArrayList<>();
        for (Attribute a : Attributes.all()) {
            names.add(a.key());
            names.addAll(a.aliases());
        }
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names.stream().filter(n -> !n.equals(Pm2Vocabulary.snakeCase(n))))
                .as("camelCase forms are derived by Pm2Vocabulary, not listed (PM2's own windowsHide excepted)")
                .containsExactly("windowsHide");
        for (Attribute a : Attributes.all()) assertThat(Attributes.byKey(a.key())).isSameAs(a);
    }

    @Test
    void everyComponentOfTheSpecRecordsIsHeldByExactlyOneAttributeOfItsClass() {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> holders = new TreeMap<>();
        for (Attribute a : Attributes.all()) {
            if (a.onChange() == OnChange.IGNORED) continue;
            Class<? extends Record> record = a.onChange().record();
            if (componentNames(record).contains(a.component())) {
                if (!a.isFamily()) holders.computeIfAbsent(record.getSimpleName() + "." + a.component(), k -> new ArrayList<>()).add(a.key());
            } else {
                problems.add(a.key() + " (" + a.onChange().schemaName() + ") binds to " + record.getSimpleName() + "."
                        + a.component() + ", which does not exist");
            }
        }
        for (Class<? extends Record> record : List.of(AppSpec.class, Launch.class, Supervision.class)) {
            for (String c : componentNames(record)) {
                if (record == AppSpec.class && (c.equals("launch") || c.equals("supervision"))) continue; // the records themselves
                List<String> keys = holders.getOrDefault(record.getSimpleName() + "." + c, List.of());
                if (keys.size() != 1) problems.add(record.getSimpleName() + "." + c + " is held by " + keys
                        + ": exactly one attribute of jpm.ecosystem.Attributes must bind to it");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaHasEveryAttributeWithItsClassAndDefault() {
        JSONObject app = new JSONObject(EcosystemSchema.resource(EcosystemSchema.RESOURCE))
                .getJSONObject("definitions").getJSONObject("app");
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (Attribute a : Attributes.all()) {
            if (a.onChange() == OnChange.IGNORED) continue;
            String key = a.isFamily() ? "^" + a.key().replaceAll("<[a-z]+>", ".+") + "$" : a.key();
            expected.put(key, "x-jpm-class=" + a.onChange().schemaName() + ", default=" + normal(a.fileDefault()));
        }
        for (String group : List.of("properties", "patternProperties")) {
            JSONObject props = app.getJSONObject(group);
            for (String key : props.keySet()) {
                if (key.startsWith("x-") || key.startsWith("^x-")) continue; // extension blocks are not attributes
                JSONObject p = props.getJSONObject(key);
                actual.put(key, "x-jpm-class=" + p.optString("x-jpm-class") + ", default=" + normal(p.opt("default")));
            }
        }
        assertThat(differences("schemas/ecosystem.schema.json", expected, actual)).isEmpty();
    }

    @Test
    void pm2KeysJsonListsEveryPm2AttributeAliasAndIgnoredKey() {
        Map<String, String> expected = new TreeMap<>();
        for (Attribute a : Attributes.all()) {
            if (!a.pm2() || a.isFamily()) continue;
            boolean ignored = a.onChange() == OnChange.IGNORED;
            String hint = ignored && a.doc() != null ? a.doc().replace("`", "") : null;
            expected.put(a.key(), pm2Key(null, !ignored, hint));
            for (String alias : a.aliases()) expected.put(alias, pm2Key(a.key(), !ignored, hint));
        }
        Map<String, String> actual = new TreeMap<>();
        for (Pm2Vocabulary.Pm2Key k : Pm2Vocabulary.get().pm2Keys().values()) {
            actual.put(k.key(), pm2Key(k.aliasOf(), k.supported(), k.hint()));
        }
        assertThat(differences("schemas/pm2-keys.json (a hint is the doc without backquotes)", expected, actual)).isEmpty();
    }

    /** jpm's own attributes keep their aliases in the schema (x-jpm-aliases), where the loader finds them. */
    @Test
    void theSchemaHasTheAliasesOfJpmsOwnAttributes() {
        Map<String, String> expected = new TreeMap<>();
        for (Attribute a : Attributes.all()) {
            if (!a.pm2() && a.onChange() != OnChange.IGNORED) for (String alias : a.aliases()) expected.put(alias, a.key());
        }
        assertThat(new TreeMap<>(EcosystemSchema.get().appAliases())).isEqualTo(expected);
    }

    /** Each key that the registry and another file disagree on, in words. */
    private static List<String> differences(String file, Map<String, String> registry, Map<String, String> other) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(registry.keySet())) {
            if (!other.containsKey(key)) out.add(key + ": in jpm.ecosystem.Attributes, missing from " + file);
            else if (!other.get(key).equals(registry.get(key))) {
                out.add(key + ": " + file + " has " + other.get(key) + ", jpm.ecosystem.Attributes " + registry.get(key));
            }
        }
        for (String key : new TreeSet<>(other.keySet())) {
            if (!registry.containsKey(key)) out.add(key + ": in " + file + ", missing from jpm.ecosystem.Attributes");
        }
        return out;
    }

    private static String pm2Key(String aliasOf, boolean supported, String hint) {
        return "alias_of=" + aliasOf + ", support=" + (supported ? "supported" : "ignored") + (hint == null ? "" : ", hint=" + hint);
    }

    @Test
    void everyAttributeHasASample() {
        Set<String> implemented = new TreeSet<>();
        for (Attribute a : Attributes.all()) if (a.onChange() != OnChange.IGNORED) implemented.add(a.key());
        assertThat(new TreeSet<>(SAMPLES.keySet())).as("AttributesTest.SAMPLES: one valid value per attribute").isEqualTo(implemented);
    }

    /** The binder reads each attribute into the component the registry names (and not only into another one). */
    @Test
    void theBinderCarriesEveryAttributeIntoItsComponent() throws IOException {
        AppSpec base = load(Map.of());
        List<String> problems = new ArrayList<>();
        for (Attribute a : Attributes.all()) {
            // attributes without a sample, or bound to no component, fail the two tests above
            if (a.onChange() == OnChange.IGNORED || !SAMPLES.containsKey(a.key())
                    || !componentNames(a.onChange().record()).contains(a.component())) continue;
            AppSpec with = load(Map.of(a.key(), SAMPLES.get(a.key())));
            Object before = component(base, a);
            Object after = component(with, a);
            if (before.equals(after)) {
                problems.add(a.key() + ": " + SAMPLES.get(a.key()) + " left " + a.onChange().record().getSimpleName() + "."
                        + a.component() + " at " + before);
            }
        }
        assertThat(problems).as("attributes the binder (AppBinder) does not carry into their component").isEmpty();
    }

    /** The records' defaults, the binder's and the schema's are one: writing the default changes nothing. */
    @Test
    void writingTheDefaultOfAnAttributeIsTheSameAsLeavingItOut() throws IOException {
        AppSpec base = load(Map.of());
        for (Attribute a : Attributes.all()) {
            if (a.fileDefault() == null) continue;
            assertThat(load(Map.of(a.key(), a.fileDefault()))).as(a.key() + ": " + a.fileDefault()).isEqualTo(base);
        }
    }

    /** One app with {@code script: run.sh} and the given attributes, from a JSON file; env_&lt;name&gt; as env_production. */
    private AppSpec load(Map<String, Object> attributes) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\nsleep 1\n");
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("script", "run.sh");
        attributes.forEach((k, v) -> app.put(k.replace("<name>", "production"), v));
        Path file = dir.resolve("ecosystem.json");
        Files.writeString(file, Json.write(Map.of("apps", List.of(app))));
        LoadResult r = new EcosystemLoader(4).load(file, new LoadOptions("production", false));
        assertThat(r.apps()).hasSize(1);
        return r.apps().getFirst();
    }

    private static Object component(AppSpec spec, Attribute a) {
        Record r = switch (a.onChange()) {
            case IDENTITY, SCALE -> spec;
            case RESTART -> spec.launch();
            case LIVE -> spec.supervision();
            case IGNORED -> throw new IllegalArgumentException(a.key());
        };
        Object v = FlatComponents.of(r.getClass()).get(a.component()).get(r);
        return v == null ? "(null)" : v;
    }

    static List<String> componentNames(Class<? extends Record> type) {
        return List.copyOf(FlatComponents.of(type).keySet());
    }

    /** A default as text that the schema's JSON and the registry's Java value agree on (3000 and 3000L alike). */
    private static String normal(Object v) {
        return switch (v) {
            case null -> "none";
            case JSONArray arr -> normal(arr.toList());
            case List<?> l -> l.stream().map(AttributesTest::normal).toList().toString();
            case Number n -> Long.toString(n.longValue());
            case String s -> '"' + s + '"';
            default -> v.toString();
        };
    }
}
