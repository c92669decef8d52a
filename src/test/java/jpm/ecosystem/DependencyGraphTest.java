package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The start and stop order of apps with depends_on, their cycles and the chain to a failed dependency. */
class DependencyGraphTest {
    /**
     * A graph written compactly: {@code "web:api,cache api:db db: cache:"} — each app, a colon,
     * its dependencies (condition started); an app without a colon has no dependencies.
     */
    static DependencyGraph graph(String spec) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (String app : spec.trim().split("\\s+")) {
            if (app.isEmpty()) continue;
            String[] parts = app.split(":", -1);
            Map<String, String> deps = new LinkedHashMap<>();
            if (parts.length > 1 && !parts[1].isEmpty()) {
                for (String d : parts[1].split(",")) deps.put(d, Supervision.Dependencies.STARTED);
            }
            m.put(parts[0], deps);
        }
        return DependencyGraph.of(m);
    }

    /** Levels written as {@code "db cache | api | web"}. */
    static List<List<String>> levels(String spec) {
        List<List<String>> out = new ArrayList<>();
        if (spec.isBlank()) return out;
        for (String level : spec.split("\\|")) out.add(Arrays.asList(level.trim().split("\\s+")));
        return out;
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                // graph, start levels, stop levels
                arguments("", "", ""),
                arguments("a", "a", "a"),
                arguments("b a c", "a b c", "a b c"),
                arguments("web:api api:db db", "db | api | web", "web | api | db"),
                arguments("web:api,cache api:db db cache", "cache db | api | web", "web | api cache | db"),
                // a diamond: both middle apps together
                arguments("top:l,r l:base r:base base", "base | l r | top", "top | l r | base"),
                // the longest path decides the level: web needs db directly and through api
                arguments("web:api,db api:db db", "db | api | web", "web | api | db"),
                // independent chains interleave by level
                arguments("a2:a1 a1 b3:b2 b2:b1 b1", "a1 b1 | a2 b2 | b3", "a2 b3 | a1 b2 | b1"),
                // a stop level need not wait for unrelated apps: solo stops with the first level
                arguments("web:db db solo", "db solo | web", "solo web | db"),
                // a dependency outside the graph orders nothing
                arguments("web:other/db api:other/db,web", "web | api", "api | web"),
                // apps on or behind a cycle come last, together (behind: c needs the cycle to start,
                // but nothing stops c from stopping first)
                arguments("a:b b:a c:a d", "d | a b c", "c d | a b"),
                arguments("a:a b", "b | a", "b | a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void startLevelsPutDependenciesFirstAndStopLevelsDependentsFirst(String spec, String start, String stop) {
        DependencyGraph g = graph(spec);
        assertThat(g.levels()).isEqualTo(levels(start));
        assertThat(g.reverseLevels()).isEqualTo(levels(stop));
    }

    static Stream<Arguments> cycles() {
        return Stream.of(
                arguments("web:api api:db db", List.of()),
                arguments("a:a", List.of("a -> a")),
                arguments("a:b b:a", List.of("a -> b -> a")),
                arguments("c:a a:b b:c", List.of("a -> b -> c -> a")),
                // the shortest way round from the smallest key
                arguments("a:b,d b:c c:a d:a", List.of("a -> d -> a")),
                // two separate cycles, and an app behind one that is not on it
                arguments("a:b b:a x:y y:z z:x w:a", List.of("a -> b -> a", "x -> y -> z -> x")),
                // a dependency outside the graph cannot close a cycle
                arguments("a:ns/b", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cycles")
    void everyCycleIsSpelledOutOnceFromItsSmallestApp(String spec, List<String> report) {
        assertThat(graph(spec).cycleReport()).isEqualTo(report);
    }

    static Stream<Arguments> dependents() {
        return Stream.of(
                arguments("web:api api:db db", "db", List.of("api", "web")),
                arguments("web:api api:db db", "api", List.of("web")),
                arguments("web:api api:db db", "web", List.of()),
                arguments("web:api,cache api:db db cache worker:db", "db", List.of("api", "worker", "web")),
                arguments("top:l,r l:base r:base base", "base", List.of("l", "r", "top")),
                // a dependency outside the graph has dependents too
                arguments("web:ns/db api:web", "ns/db", List.of("web", "api")),
                arguments("web:api", "nobody", List.of()),
                // on a cycle: the others of the cycle and what is behind it, not the app itself
                arguments("a:b b:a c:a", "a", List.of("b", "c")));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("dependents")
    void dependentsAreDirectAndTransitiveInStartOrder(String spec, String app, List<String> expected) {
        assertThat(graph(spec).dependentsOf(app)).isEqualTo(expected);
    }

    static Stream<Arguments> chains() {
        return Stream.of(
                arguments("web:api api:db db", "web", "db", "web -> api -> db"),
                arguments("web:api api:db db", "api", "db", "api -> db"),
                arguments("web:api api:db db", "db", "db", "db"),
                arguments("web:api api:db db", "db", "web", ""),
                // the shortest path
                arguments("web:api,db api:db db", "web", "db", "web -> db"),
                // of two paths of one length, the one through the smaller key
                arguments("top:r,l l:base r:base base", "top", "base", "top -> l -> base"),
                // to a dependency outside the graph
                arguments("web:api api:other/db", "web", "other/db", "web -> api -> other/db"),
                // a cycle does not loop
                arguments("a:b b:a", "a", "c", ""));
    }

    @ParameterizedTest(name = "{1} to {2} in {0}")
    @MethodSource("chains")
    void aChainLeadsFromAnAppToTheDependencyThatFailed(String spec, String app, String failed, String chain) {
        assertThat(DependencyGraph.spell(graph(spec).chainTo(app, failed))).isEqualTo(chain);
    }

    @Test
    void conditionsAndDirectDependentsAreKept() {
        DependencyGraph g = DependencyGraph.of(Map.of(
                "prod/web", Map.of("prod/api", "healthy", "prod/migrate", "completed"),
                "prod/api", Map.of(),
                "prod/migrate", Map.of()));
        assertThat(g.apps()).containsExactly("prod/api", "prod/migrate", "prod/web");
        assertThat(g.dependenciesOf("prod/web")).containsExactly(
                Map.entry("prod/api", "healthy"), Map.entry("prod/migrate", "completed"));
        assertThat(g.dependenciesOf("prod/other")).isEmpty();
        assertThat(g.directDependentsOf("prod/api")).containsExactly("prod/web");
        assertThat(g.levels()).isEqualTo(List.of(List.of("prod/api", "prod/migrate"), List.of("prod/web")));
    }

    @Test
    void aNullDependencyMapIsAnAppWithoutDependencies() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("a", null);
        assertThat(DependencyGraph.of(m).levels()).isEqualTo(List.of(List.of("a")));
    }
}
