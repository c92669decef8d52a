package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jpm.apply.DriftItem;
import jpm.apply.DriftItem.Kind;
import jpm.json.Json;
import org.junit.jupiter.api.Test;

/** Drift as jpm diff and jpm apply print it: one line per item, who and when where known. */
class DriftTextTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");
    static final Instant TODAY = Instant.parse("2026-03-02T11:01:02Z");
    static final Instant YESTERDAY = Instant.parse("2026-03-01T08:00:00Z");

    static DriftItem item(Kind kind, String app, Integer from, Integer to, int count, int of, String reason, String command,
                          String user, Instant at) {
        return new DriftItem(kind, app, from, to, count, of, reason, command, user, at);
    }

    @Test
    void eachKindOnItsLine() {
        List<Object[]> rows = List.of(
                new Object[] {item(Kind.SCALED, "default/api", 2, 4, 0, 0, null, "jpm scale", "alice", TODAY),
                        "default/api scaled 2→4 by alice at 12:01:02 (jpm scale)"},
                new Object[] {item(Kind.STOPPED, "default/web", null, null, 1, 2, null, "jpm stop", "bob", YESTERDAY),
                        "default/web stopped (1 of 2 instances) by bob at 2026-03-01 09:00:00 (jpm stop)"},
                new Object[] {item(Kind.STOPPED, "default/web", null, null, 1, 1, null, null, null, null),
                        "default/web stopped (1 of 1 instance)"},
                new Object[] {item(Kind.DELETED, "shop/worker", null, null, 0, 0, null, "jpm delete", "alice", TODAY),
                        "shop/worker deleted by alice at 12:01:02 (jpm delete)"},
                new Object[] {item(Kind.ERRORED, "default/flaky", null, null, 1, 1, "exited with code 3", null, null, TODAY),
                        "default/flaky errored (1 of 1 instance): exited with code 3 at 12:01:02"},
                new Object[] {item(Kind.STARTED, "shop/extra", null, null, 0, 0, null, "jpm start", "alice", TODAY),
                        "shop/extra started by hand (not in the file) by alice at 12:01:02 (jpm start)"},
                new Object[] {item(Kind.REPLACED, "default/api", null, null, 0, 0, null, "jpm start --take-over", "alice", TODAY),
                        "default/api definition replaced (no longer the file's) by alice at 12:01:02 (jpm start --take-over)"});
        for (Object[] row : rows) assertThat(DriftText.line((DriftItem) row[0], NOW, ZONE)).isEqualTo(row[1]);
        assertThat(rows).hasSize(Kind.values().length + 1);
    }

    @Test
    void diffSection_aHeadingAndAnIndentedLinePerItem_nothingWithoutDrift() {
        List<DriftItem> items = List.of(item(Kind.DELETED, "default/worker", null, null, 0, 0, null, "jpm delete", "alice", TODAY),
                item(Kind.STARTED, "default/extra", null, null, 0, 0, null, null, null, null));
        assertThat(DriftText.section(items, NOW, ZONE)).isEqualTo("""
                drift since the last apply (changed by other commands):
                  default/worker deleted by alice at 12:01:02 (jpm delete)
                  default/extra started by hand (not in the file)
                """);
        assertThat(DriftText.section(List.of(), NOW, ZONE)).isEmpty();
    }

    @Test
    void applySaysWhatItRepaired() {
        assertThat(DriftText.repaired(List.of(item(Kind.SCALED, "default/api", 2, 4, 0, 0, null, "jpm scale", "alice", TODAY)), NOW, ZONE))
                .isEqualTo("repaired drift: default/api scaled 2→4 by alice at 12:01:02 (jpm scale)\n");
        assertThat(DriftText.repaired(List.of(), NOW, ZONE)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void json_everyKeyOfEveryItem_nullWhereNotKnown() {
        List<Object> tree = DriftText.tree(List.of(item(Kind.SCALED, "default/api", 2, 4, 0, 0, null, "jpm scale", "alice", TODAY),
                item(Kind.ERRORED, "default/flaky", null, null, 1, 3, "exited with code 3", null, null, null)));
        assertThat(Json.write(tree)).isEqualTo("[{\"kind\":\"scaled\",\"app\":\"default/api\",\"from\":2,\"to\":4,\"instances\":null,"
                + "\"of\":null,\"reason\":null,\"command\":\"jpm scale\",\"user\":\"alice\",\"at\":\"2026-03-02T11:01:02Z\"},"
                + "{\"kind\":\"errored\",\"app\":\"default/flaky\",\"from\":null,\"to\":null,\"instances\":1,\"of\":3,"
                + "\"reason\":\"exited with code 3\",\"command\":null,\"user\":null,\"at\":null}]");
        assertThat(List.copyOf(((Map<String, Object>) tree.getFirst()).keySet())).containsExactly("kind", "app", "from", "to", "instances", "of", "reason",
                "command", "user", "at");
    }
}
