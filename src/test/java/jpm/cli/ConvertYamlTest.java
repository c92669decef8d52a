package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** What `jpm convert` writes reads back as the same values under the loader's schema (YAML 1.2 core). */
class ConvertYamlTest {
    @Test
    void stringsThatLookLikeNullsBooleansOrNumbersStayStrings() {
        List<String> tricky = List.of("NULL", "Null", "null", "~", "True", "FALSE", "0o17", "0x1F", "1e3", ".inf", "-.Inf", ".NaN", "", "yes", "12");
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", "a");
        app.put("out_file", "NULL");
        app.put("args", tricky);
        app.put("instances", 2);
        Map<String, Object> tree = Map.of("apps", List.of(app));

        String yaml = ConvertYaml.dump(tree, Map.of());

        Object back = new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
        @SuppressWarnings("unchecked")
        Map<String, Object> read = ((List<Map<String, Object>>) ((Map<String, Object>) back).get("apps")).getFirst();
        assertThat(read.get("out_file")).as(yaml).isEqualTo("NULL");
        assertThat(read.get("args")).as(yaml).isEqualTo(tricky);
        assertThat(read.get("instances")).isEqualTo(2);
    }
}
