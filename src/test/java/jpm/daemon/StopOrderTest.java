package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stop levels over a selection of instances: dependents first, independent apps together. */
class StopOrderTest {
    /** An instance of an app, with its app's depends_on. */
    record Item(String app, int index, Map<String, String> deps) {
        @Override
        public String toString() {
            return app.substring(app.indexOf('/') + 1) + "#" + index;
        }
    }

    static final Map<String, String> NONE = Map.of();

    static List<List<String>> levels(List<Item> items) {
        return StopOrder.levels(items, Item::app, Item::deps).stream().map(l -> l.stream().map(Item::toString).toList()).toList();
    }

    @Test
    void aStackStopsFromTheTopDown() {
        List<Item> items = List.of(new Item("p/db", 0, NONE), new Item("p/db", 1, NONE),
                new Item("p/migrate", 0, Map.of("p/db", "healthy")),
                new Item("p/api", 0, Map.of("p/db", "healthy", "p/migrate", "completed")),
                new Item("p/web", 0, Map.of("p/api", "started")), new Item("p/web", 1, Map.of("p/api", "started")),
                new Item("p/other", 0, NONE));
        assertThat(levels(items)).containsExactly(List.of("web#0", "web#1", "other#0"), List.of("api#0"), List.of("migrate#0"),
                List.of("db#0", "db#1"));
    }

    @Test
    void onlyTheSelectedAppsAreOrdered() {
        // web depends on api, which is not selected: it orders nothing
        List<Item> items = List.of(new Item("p/db", 0, NONE), new Item("p/web", 0, Map.of("p/api", "started")));
        assertThat(levels(items)).containsExactly(List.of("db#0", "web#0"));
    }

    @Test
    void oneAppOrNoDependencies_oneLevel_nothingSelected_none() {
        assertThat(levels(List.of(new Item("p/web", 0, Map.of("p/api", "started")), new Item("p/web", 1, Map.of("p/api", "started")))))
                .containsExactly(List.of("web#0", "web#1"));
        assertThat(levels(List.of(new Item("p/a", 0, NONE), new Item("p/b", 0, NONE)))).containsExactly(List.of("a#0", "b#0"));
        assertThat(levels(List.of())).isEmpty();
    }
}
