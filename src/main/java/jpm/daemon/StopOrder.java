package jpm.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jpm.ecosystem.DependencyGraph;

/**
 * The order in which a stop of several apps goes (stop, delete, kill, daemon shutdown):
 * dependents first, each level once the level before has stopped ({@link DependencyGraph#reverseLevels}),
 * over the apps of the selection only. Pure: StopOrderTest.
 */
final class StopOrder {
    private StopOrder() {}

    /**
     * The items (instances) in stop levels, each level in the order the items came in. Apps
     * without dependencies among the selected ones are all in level 0; a selection of one app
     * is one level.
     *
     * @param app the item's app, {@code namespace/name}
     * @param dependsOn the item's app's depends_on
     */
    static <T> List<List<T>> levels(List<T> items, Function<T, String> app, Function<T, Map<String, String>> dependsOn) {
        Map<String, Map<String, String>> graph = new LinkedHashMap<>();
        for (T item : items) graph.putIfAbsent(app.apply(item), dependsOn.apply(item));
        if (graph.size() < 2 || graph.values().stream().allMatch(Map::isEmpty)) return items.isEmpty() ? List.of() : List.of(items);
        List<List<String>> reverse = DependencyGraph.of(graph).reverseLevels();
        Map<String, Integer> levelOf = new HashMap<>();
        for (int k = 0; k < reverse.size(); k++) for (String a : reverse.get(k)) levelOf.put(a, k);
        List<List<T>> out = new ArrayList<>();
        for (int k = 0; k < reverse.size(); k++) out.add(new ArrayList<>());
        for (T item : items) out.get(levelOf.get(app.apply(item))).add(item);
        out.removeIf(List::isEmpty);
        return out.stream().map(List::copyOf).toList();
    }
}
