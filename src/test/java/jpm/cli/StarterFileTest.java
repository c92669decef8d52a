package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.EcosystemLoader;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jpm init's starter file and the schema it points at. */
class StarterFileTest {
    @TempDir
    Path dir;

    @Test
    void theStarterLoadsCleanlyWithItsSchemaLineFirst() throws IOException {
        String text = StarterFile.text("/opt/jpm/schemas/ecosystem.schema.json", "apps.yaml");
        assertThat(text.lines().findFirst()).hasValue("# yaml-language-server: $schema=/opt/jpm/schemas/ecosystem.schema.json");
        assertThat(text).contains("jpm apply apps.yaml").doesNotContain("%");
        Path f = dir.resolve("apps.yaml");
        Files.writeString(f, text);
        LoadResult r = new EcosystemLoader(2).load(f, LoadOptions.DEFAULTS);
        assertThat(r.apps()).hasSize(1);
        assertThat(r.apps().getFirst().name()).isEqualTo("web");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theShippedSchemaIsFoundBesideTheJarsDirectory() throws IOException {
        Path install = dir.resolve("jpm-1.0");
        Files.createDirectories(install.resolve("lib"));
        Files.createDirectories(install.resolve("schemas"));
        Files.writeString(install.resolve("schemas/ecosystem.schema.json"), "{}");
        record Row(String classPath, String expected) {}
        for (Row row : List.of(
                new Row(install.resolve("lib/jpm.jar").toString(), install.resolve("schemas/ecosystem.schema.json").toString()),
                new Row(dir.resolve("elsewhere/lib/jpm.jar").toString(), StarterFile.SCHEMA_ID),
                new Row(install.resolve("lib/jpm.jar") + ":" + install.resolve("lib/other.jar"), StarterFile.SCHEMA_ID),
                new Row("target/classes", StarterFile.SCHEMA_ID),
                new Row(null, StarterFile.SCHEMA_ID))) {
            assertThat(StarterFile.shippedSchema(row.classPath())).as(row.classPath()).isEqualTo(row.expected());
        }
    }

    /** The schema's $id is the stable URL jpm init falls back to, and every attribute, nested ones too, has a description for editors. */
    @Test
    @SuppressWarnings("unchecked")
    void theSchemaHasItsIdAndADescriptionForEveryAttribute() throws IOException {
        Map<String, Object> schema = (Map<String, Object>) Json.parse(Files.readString(Path.of("schemas/ecosystem.schema.json")));
        assertThat(schema.get("$id")).isEqualTo(StarterFile.SCHEMA_ID);
        List<String> without = new ArrayList<>();
        undescribed(schema, "", without);
        assertThat(without).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void undescribed(Object node, String path, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("properties") instanceof Map<?, ?> props) {
                props.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> p && !(p.get("description") instanceof String d && !d.isBlank())) out.add(path + "/" + k);
                });
            }
            ((Map<String, Object>) m).forEach((k, v) -> undescribed(v, path + "/" + k, out));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) undescribed(l.get(i), path + "[" + i + "]", out);
        }
    }
}
