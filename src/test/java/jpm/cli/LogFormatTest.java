package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import jpm.json.Json;
import jpm.rpc.AppDetail;
import jpm.rpc.InstanceInfo;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 25, 20, 15, 0, 0, ZoneId.of("UTC"));
    static final LogFormat.Source WEB0 = new LogFormat.Source("web", "default", 0, "out", "/l/web-0-out.log");
    static final LogFormat.Source WEB0_ERR = new LogFormat.Source("web", "default", 0, "err", "/l/web-0-error.log");

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainPrefixIsPaddedToTheWidestLabel() {
        LogFormat f = new LogFormat(false, false, false, false, null);
        assertThat(text(f.format(WEB0, bytes("hello"), 10, NOW))).isEqualTo("web|0      | hello\n");
        assertThat(new LogFormat.Source("api", "shop", null, "out", "/x").label()).isEqualTo("shop/api|*");
    }

    @Test
    void rawIsTheMessageOnlyAndKeepsItsBytes() {
        LogFormat f = new LogFormat(true, false, true, false, null);
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        assertThat(f.format(WEB0, latin1, 10, NOW)).isEqualTo(new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
    }

    @Test
    void colorsAnAppByAStableHashAndStderrInRed() {
        LogFormat f = new LogFormat(true, false, false, false, null);
        String out = text(f.format(WEB0, bytes("x"), 5, NOW));
        assertThat(out).startsWith("\u001b[" + LogFormat.colorOf("web") + "mweb\u001b[2m|\u001b[22m0 \u001b[2m|\u001b[0m x");
        assertThat(text(f.format(WEB0_ERR, bytes("x"), 5, NOW))).startsWith("\u001b[31mweb");
        assertThat(LogFormat.colorOf("web")).isEqualTo(LogFormat.colorOf("web")).isNotEqualTo(LogFormat.RED);
        for (String n : List.of("a", "b", "api", "worker", "shop/api")) assertThat(LogFormat.colorOf(n)).isNotEqualTo(31);
    }

    @Test
    void colorsOnlyOnATerminalWithoutNoColorRawJsonOrDumbTerm() {
        assertThat(LogFormat.colorsWanted(Map.of(), true, false, false)).isTrue();
        assertThat(LogFormat.colorsWanted(Map.of(), false, false, false)).isFalse();
        assertThat(LogFormat.colorsWanted(Map.of("NO_COLOR", "1"), true, false, false)).isFalse();
        assertThat(LogFormat.colorsWanted(Map.of("NO_COLOR", "0"), true, false, false)).as("any value").isFalse();
        assertThat(LogFormat.colorsWanted(Map.of("NO_COLOR", ""), true, false, false)).as("empty: not set (no-color.org)").isTrue();
        assertThat(LogFormat.colorsWanted(Map.of("TERM", "dumb"), true, false, false)).isFalse();
        assertThat(LogFormat.colorsWanted(Map.of(), true, true, false)).isFalse();
        assertThat(LogFormat.colorsWanted(Map.of(), true, false, true)).isFalse();
    }

    @Test
    void onATerminalAnAppsEscapesAreShownNotObeyedUnlessRawOrJson() {
        byte[] osc = bytes("\u001b]0;title\u0007\u001b[31mred\r");
        LogFormat terminal = new LogFormat(false, true, false, false, null);
        assertThat(text(terminal.format(WEB0, osc, 5, NOW))).isEqualTo("web|0 | " + "\\x1b]0;title\\x07\\x1b[31mred\\r\n");
        LogFormat piped = new LogFormat(false, false, false, false, null);
        assertThat(text(piped.format(WEB0, osc, 5, NOW))).isEqualTo("web|0 | " + text(osc) + "\n");
        LogFormat raw = new LogFormat(false, true, true, false, null);
        assertThat(raw.format(WEB0, osc, 5, NOW)).as("--raw is byte-exact on a terminal too").isEqualTo(bytes(text(osc) + "\n"));
        LogFormat json = new LogFormat(false, true, false, true, null);
        assertThat(text(json.format(WEB0, bytes("a\u001b\u009b\u007fb"), 5, NOW)))
                .contains("\"message\":\"a\\u001b\\u009b\\u007fb\"").doesNotContain("\u001b").doesNotContain("\u009b");

        assertThat(LogFormat.escapeWanted(true, false, false)).isTrue();
        assertThat(LogFormat.escapeWanted(false, false, false)).as("a pipe or a file gets the bytes").isFalse();
        assertThat(LogFormat.escapeWanted(true, true, false)).as("--raw").isFalse();
        assertThat(LogFormat.escapeWanted(true, false, true)).as("--json escapes by itself").isFalse();
    }

    @Test
    void timestampComesAfterThePrefix() {
        LogFormat f = new LogFormat(false, false, false, false, DateTimeFormatter.ofPattern(LogsCommand.DEFAULT_TIMESTAMP));
        assertThat(text(f.format(WEB0, bytes("hi"), 5, NOW))).isEqualTo("web|0 | 2026-11-25T20:15:00 hi\n");
        LogFormat raw = new LogFormat(false, false, true, false, DateTimeFormatter.ofPattern("HH:mm"));
        assertThat(text(raw.format(WEB0, bytes("hi"), 5, NOW))).isEqualTo("20:15 hi\n");
    }

    @Test
    void jsonIsOneObjectPerLineWithTheMessageDecodedWithReplacement() {
        LogFormat f = new LogFormat(true, false, false, true, null);
        String line = text(f.format(WEB0_ERR, new byte[] {'a', (byte) 0xff, '\u001b', 'b'}, 5, NOW));
        assertThat(line).endsWith("}\n").doesNotContain("\u001b").hasLineCount(1);
        assertThat(Json.parse(line)).isEqualTo(Map.of("app", "web", "namespace", "default", "instance", 0L, "stream", "err",
                "file", "/l/web-0-error.log", "message", "a\ufffd\u001bb"));
        LogFormat.Source shared = new LogFormat.Source("m", "default", null, "out", "/l/m-out.log");
        LogFormat ts = new LogFormat(false, false, false, true, DateTimeFormatter.ofPattern("HH:mm"));
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) Json.parse(text(ts.format(shared, bytes("x"), 5, NOW)));
        assertThat(o).containsEntry("instance", null).containsEntry("timestamp", "20:15");
    }

    static InstanceInfo inst(String name, String ns, int i, String out, String err) {
        return new InstanceInfo(i, name, ns, i, null, jpm.rpc.InstanceStatus.ONLINE, 0, 0, null, 0, 0, null, null, null, out, err);
    }

    @Test
    void sourcesListEachPathOnceAndStarASharedOne() {
        AppDetail web = new AppDetail(null, List.of(), List.of(inst("web", "default", 0, "/w0o", "/w0e"),
                inst("web", "default", 1, "/w1o", "/w1e")), List.of());
        AppDetail merged = new AppDetail(null, List.of(), List.of(inst("m", "jobs", 0, "/mo", "/me"),
                inst("m", "jobs", 1, "/mo", "/me")), List.of());
        AppDetail both = new AppDetail(null, List.of(), List.of(inst("b", "default", 0, "/b", "/b")), List.of());
        assertThat(LogFormat.sources(List.of(web, merged, both), true, true)).containsExactly(
                new LogFormat.Source("web", "default", 0, "out", "/w0o"),
                new LogFormat.Source("web", "default", 0, "err", "/w0e"),
                new LogFormat.Source("web", "default", 1, "out", "/w1o"),
                new LogFormat.Source("web", "default", 1, "err", "/w1e"),
                new LogFormat.Source("m", "jobs", null, "out", "/mo"),
                new LogFormat.Source("m", "jobs", null, "err", "/me"),
                new LogFormat.Source("b", "default", 0, "out", "/b"));
        assertThat(LogFormat.sources(List.of(web), false, true)).extracting(LogFormat.Source::file).containsExactly("/w0e", "/w1e");
        assertThat(LogFormat.width(LogFormat.sources(List.of(web, merged), true, true))).isEqualTo("jobs/m|*".length());
    }

    @Test
    void timestampPatternsAreCheckedUpFront() {
        assertThat(LogsCommand.timestampFormat(null)).isNull();
        assertThat(LogsCommand.timestampFormat("HH:mm:ss.SSS")).isNotNull();
        assertThatThrownBy(() -> LogsCommand.timestampFormat("{")).isInstanceOf(CliException.class)
                .hasMessageContaining("bad pattern");
    }
}
