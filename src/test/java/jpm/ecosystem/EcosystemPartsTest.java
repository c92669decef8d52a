package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jpm.ecosystem.DocNode.Position;
import org.junit.jupiter.api.Test;

/** The small parts of the loader: shell words, units, the lenient JSON reader, key names, rendering. */
class EcosystemPartsTest {
    @Test
    void shellWords() {
        assertThat(ShellWords.split("  a  b\tc ")).containsExactly("a", "b", "c");
        assertThat(ShellWords.split("--name 'my app' \"x \\\"y\\\" \\$HOME\" a\\ b ''")).containsExactly(
                "--name", "my app", "x \"y\" $HOME", "a b", "");
        assertThat(ShellWords.split("'it'\\''s'")).containsExactly("it's");
        assertThat(ShellWords.split("\"C:\\Temp\"")).containsExactly("C:\\Temp");
        assertThat(ShellWords.split("")).isEmpty();
        assertThatThrownBy(() -> ShellWords.split("a 'b")).hasMessage("unterminated ' quote");
        assertThatThrownBy(() -> ShellWords.split("a \"b")).hasMessage("unterminated \" quote");
    }

    @Test
    void durations() {
        assertThat(Quantities.durationMs(1500L)).isEqualTo(1500);
        assertThat(Quantities.durationMs(0.6)).isEqualTo(1);
        assertThat(Quantities.durationMs("1500")).isEqualTo(1500);
        assertThat(Quantities.durationMs("500ms")).isEqualTo(500);
        assertThat(Quantities.durationMs("1.5s")).isEqualTo(1500);
        assertThat(Quantities.durationMs("2m")).isEqualTo(120_000);
        assertThat(Quantities.durationMs("1h")).isEqualTo(3_600_000);
        assertThatThrownBy(() -> Quantities.durationMs("99999999999999999999h")).hasMessage("is too large");
    }

    @Test
    void memorySizesAre1024Based() {
        assertThat(Quantities.memoryBytes(1024L)).isEqualTo(1024);
        assertThat(Quantities.memoryBytes("512K")).isEqualTo(512L * 1024);
        assertThat(Quantities.memoryBytes("200M")).isEqualTo(200L << 20);
        assertThat(Quantities.memoryBytes("200mb")).isEqualTo(200L << 20);
        assertThat(Quantities.memoryBytes("1G")).isEqualTo(1L << 30);
        assertThat(Quantities.memoryBytes("1.5G")).isEqualTo(3L << 29);
        assertThat(Quantities.memoryBytes("100")).isEqualTo(100);
    }

    @Test
    void lenientJsonKeepsPositionsAndNamesWhatWasNotStrict() {
        Diagnostics d = new Diagnostics("f.json");
        LenientJsonReader.Result r = LenientJsonReader.read("{\n  a: 'x\\d', /* c */ \"b\": [1, +2, .5, 0x1F,],\n}", d);
        DocNode.MapNode m = (DocNode.MapNode) r.root();
        assertThat(m.entries().get("a").keyPosition()).isEqualTo(new Position(2, 3));
        assertThat(((DocNode.ScalarNode) m.get("a")).value()).isEqualTo("xd");
        assertThat(m.get("b").position()).isEqualTo(new Position(2, 26));
        assertThat(((DocNode.ListNode) m.get("b")).items()).extracting(n -> ((DocNode.ScalarNode) n).value())
                .containsExactly(1L, 2L, 0.5, 31L);
        assertThat(r.firstLeniency()).isEqualTo(new Position(2, 3));
        assertThat(r.leniencies()).containsExactly("unquoted keys", "single quotes", "loose escapes", "comments",
                "numbers JSON does not allow", "trailing commas");
        assertThat(d.hasErrors()).isFalse();
        LenientJsonReader.Result strict = LenientJsonReader.read("{\"a\": [1, 2.5e3, \"\\u00e9\\n\", true, null]}", d);
        assertThat(strict.firstLeniency()).isNull();
        assertThat(strict.leniencies()).isEmpty();
    }

    @Test
    void lenientJsonStillRefusesWhatJavaScriptRefuses() {
        for (String bad : List.of("{a: b}", "{\"a\": 'x\n'}", "[1 2]", "{\"a\" 1}", "/* open", "[1,,2]", "{} x", "01x")) {
            assertThatThrownBy(() -> LenientJsonReader.read(bad, new Diagnostics("f.json")))
                    .as(bad).isInstanceOf(Diagnostics.Fatal.class).hasMessageStartingWith("invalid JSON");
        }
    }

    @Test
    void keyNames() {
        Pm2Vocabulary v = Pm2Vocabulary.get();
        assertThat(v.meaning("maxMemoryRestart")).isEqualTo(new Pm2Vocabulary.Canonical("max_memory_restart", false));
        assertThat(v.meaning("nodeArgs")).isEqualTo(new Pm2Vocabulary.Canonical("interpreter_args", true));
        assertThat(v.meaning("execInterpreter")).isEqualTo(new Pm2Vocabulary.Canonical("interpreter", true));
        assertThat(v.meaning("env_production")).isEqualTo(new Pm2Vocabulary.Canonical("env_production", false));
        assertThat(v.meaning("envProduction")).isEqualTo(new Pm2Vocabulary.Canonical("env_production", false));
        assertThat(v.meaning("windowsHide")).isInstanceOf(Pm2Vocabulary.Ignored.class);
        assertThat(v.meaning("user")).isEqualTo(new Pm2Vocabulary.Canonical("uid", true));
        assertThat(v.meaning("healthcheck")).as("jpm's own alias").isEqualTo(new Pm2Vocabulary.Canonical("health", true));
        assertThat(v.meaning("dependsOn")).isEqualTo(new Pm2Vocabulary.Canonical("depends_on", false));
        assertThat(v.meaning("healtcheck")).isEqualTo(new Pm2Vocabulary.Unknown("healthcheck"));
        assertThat(v.meaning("pid")).isEqualTo(new Pm2Vocabulary.Ignored("pid_file", "jpm jlist shows each instance's pid"));
        assertThat(v.meaning("autorestar")).isEqualTo(new Pm2Vocabulary.Unknown("autorestart"));
        assertThat(v.meaning("max-restarts")).isEqualTo(new Pm2Vocabulary.Unknown("max_restarts"));
        assertThat(v.meaning("maxRestart")).isEqualTo(new Pm2Vocabulary.Unknown("max_restarts"));
        assertThat(v.meaning("colour")).isEqualTo(new Pm2Vocabulary.Unknown(null));
        assertThat(Pm2Vocabulary.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void diagnosticsRender() {
        assertThat(new Diagnostic("e.yaml", 14, 17, "/apps/1/instances", "must be >= 1", Diagnostic.Severity.ERROR).render())
                .isEqualTo("e.yaml:14:17: /apps/1/instances: must be >= 1");
        assertThat(new Diagnostic("e.yaml", 0, 0, null, "no such file", Diagnostic.Severity.ERROR).render())
                .isEqualTo("e.yaml: no such file");
        assertThat(new Diagnostic("e.yaml", 1, 1, "", "empty", Diagnostic.Severity.ERROR).render()).isEqualTo("e.yaml:1:1: /: empty");
        assertThat(Diagnostics.child("/env", "a/b~c")).isEqualTo("/env/a~1b~0c");
    }

    @Test
    void stringifiedLikeJavaScript() {
        assertThat(AttributeValues.stringify(3000L)).isEqualTo("3000");
        assertThat(AttributeValues.stringify(1.0)).isEqualTo("1");
        assertThat(AttributeValues.stringify(1.5)).isEqualTo("1.5");
        assertThat(AttributeValues.stringify(true)).isEqualTo("true");
        assertThat(AttributeValues.stringify(new java.math.BigInteger("123456789012345678901234"))).isEqualTo("123456789012345678901234");
    }
}
