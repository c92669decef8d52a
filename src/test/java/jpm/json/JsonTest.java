package jpm.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTripsEveryKindOfValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\" \\ line\nwith\ttab and \u0001 and é");
        m.put("n", 42L);
        m.put("neg", -7L);
        m.put("d", 1.5);
        m.put("t", true);
        m.put("f", false);
        m.put("z", null);
        m.put("l", List.of(1L, "x", List.of(), Map.of()));
        assertThat(Json.parse(Json.write(m))).isEqualTo(m);
        assertThat(Json.parse(Json.writePretty(m))).isEqualTo(m);
    }

    @Test
    void readsEscapesAndExponents() {
        assertThat(Json.parse("\"\\u00e9\\/\\b\"")).isEqualTo("é/\b");
        assertThat(Json.parse(" 1e3 ")).isEqualTo(1000.0);
        assertThat(Json.parse("[ ]")).isEqualTo(List.of());
        assertThat(Json.parse("-0.5E-2")).isEqualTo(-0.005);
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("99999999999999999999")).isEqualTo(1e20);
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}", "tru", "\"\\x\"", "1 2", "\"a\nb\"",
                "{\"a\":1,\"a\":2}", "01x", "--1", "01", "1.", "1.e5", ".5", "+1", "1e", "-")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(JsonException.class);
        }
    }

    @Test
    void boundsNestingSoHostileInputCannotOverflowTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nesting");
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY))).isEqualTo("[null,null]");
    }
}
