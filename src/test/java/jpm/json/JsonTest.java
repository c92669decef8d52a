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

    /** Keys repeat in every object of a large answer: each is one String, however it was written. */
    @Test
    void aRepeatedKeyIsOneStringAndEscapedSpellingsAreTheSameKey() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> l = (List<Map<String, Object>>) Json.parse(
                "[{\"name\":1,\"a\\u0062\":2},{\"name\":3,\"ab\":4},{\"nam\\u0065\":5,\"é\":6},{\"é\":7,\"name\":8}]");
        assertThat(l).containsExactly(Map.of("name", 1L, "ab", 2L), Map.of("name", 3L, "ab", 4L), Map.of("name", 5L, "é", 6L),
                Map.of("é", 7L, "name", 8L));
        String first = l.get(0).keySet().iterator().next();
        for (Map<String, Object> m : l) {
            for (String k : m.keySet()) if (k.equals("name")) assertThat(k).isSameAs(first);
        }
        // a duplicate found through the recent keys is still refused, as is one spelled otherwise
        assertThatThrownBy(() -> Json.parse("[{\"a\":1},{\"a\":1,\"a\":2}]")).isInstanceOf(JsonException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"\\u0061\":2}")).isInstanceOf(JsonException.class).hasMessageContaining("duplicate key");
        // keys that share a slot of the table (same hash) are both read right
        assertThat(Json.parse("[{\"Aa\":1,\"BB\":2},{\"BB\":3,\"Aa\":4}]")).isEqualTo(List.of(Map.of("Aa", 1L, "BB", 2L), Map.of("BB", 3L, "Aa", 4L)));
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

    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Object parseBytes(byte[] b, long maxWeight) {
        return Json.parse(b, 0, b.length, maxWeight);
    }

    @Test
    void readsUtf8BytesStrictlyWithoutATextOfTheWholeDocument() {
        assertThat(parseBytes(utf8("{\"café\":\"日本 😀 \\u00e9\\n\"}"), Long.MAX_VALUE)).isEqualTo(Map.of("café", "日本 😀 é\n"));
        byte[] padded = utf8("xx[\"a\"]yy");
        assertThat(Json.parse(padded, 2, 5, Long.MAX_VALUE)).as("a range of a buffer").isEqualTo(List.of("a"));
        for (byte[] bad : List.of(new byte[] {'"', (byte) 0xe9, '"'}, new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'},
                new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, new byte[] {'"', (byte) 0xe2, (byte) 0x82})) {
            assertThatThrownBy(() -> parseBytes(bad, Long.MAX_VALUE)).isInstanceOf(JsonException.class);
        }
        assertThatThrownBy(() -> parseBytes(new byte[] {'[', (byte) 0xff, ']'}, Long.MAX_VALUE))
                .isInstanceOf(JsonException.class).hasMessageContaining("byte 0xff");
    }

    @Test
    void boundsTheMemoryOfWhatItBuildsSoASmallDocumentCannotDescribeAHugeHeap() {
        byte[] objects = utf8("[" + "{},".repeat(100_000) + "{}]");
        assertThatThrownBy(() -> parseBytes(objects, 5L * objects.length)).isInstanceOf(JsonException.TooHeavy.class)
                .hasMessageContaining("too many values for its size");
        assertThat(parseBytes(objects, Long.MAX_VALUE)).asList().hasSize(100_001);
        byte[] text = utf8("{\"type\":\"x\",\"pad\":\"" + "a".repeat(1_000_000) + "\"}");
        assertThat(parseBytes(text, 2L * text.length)).as("text weighs about its length").isNotNull();
    }

    @Test
    void eachKeyIsOneStringWhereverItRepeats() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> l = (List<Map<String, Object>>) Json.parse("[{\"script\":1},{\"script\":2}]");
        assertThat(l.get(0).keySet().iterator().next()).isSameAs(l.get(1).keySet().iterator().next());
    }

    @Test
    void writesC1AndDelAsEscapesSoJsonOnATerminalCannotDriveIt() {
        assertThat(Json.write("a\u001b\u007f\u0085\u009b\u00a0b")).isEqualTo("\"a\\u001b\\u007f\\u0085\\u009b\u00a0b\"");
    }
}
