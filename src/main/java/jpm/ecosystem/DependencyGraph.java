package jpm.ecosystem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which app needs which, as {@code depends_on} says: the order to start apps in (dependencies
 * first, apps that do not need each other together), the order to stop them in (dependents
 * first), the cycles that make an order impossible, and the path from an app to a dependency
 * that failed, for messages. Pure: built once from the apps' {@code depends_on}, never changed.
 *
 * <p>The graph's apps are the keys of the map it is built from. A dependency that is not one of
 * them (an app of another file, already in the daemon) is a leaf: it orders nothing, because it
 * is not started or stopped with these apps, but it appears in a {@link #chainTo chain}.
 * Every list is in a deterministic order: by level, then by key.
 */
public final class DependencyGraph {
    /** app → (dependency → condition), sorted; every app of the graph is a key. */
    private final Map<String, Map<String, String>> dependsOn;
    /** app (of the graph or a dependency outside it) → the apps of the graph that depend on it directly, sorted. */
    private final Map<String, Set<String>> dependents;
    private final List<List<String>> levels;
    private final List<List<String>> reverseLevels;
    private final List<List<String>> cycles;

    private DependencyGraph(Map<String, Map<String, String>> dependsOn) {
        Map<String, Map<String, String>> sorted = new TreeMap<>();
        dependsOn.forEach((app, deps) -> sorted.put(app,
                Collections.unmodifiableMap(new TreeMap<>(deps == null ? Map.of() : deps))));
        this.dependsOn = Collections.unmodifiableMap(sorted);
        Map<String, Set<String>> back = new TreeMap<>();
        for (String app : sorted.keySet()) back.put(app, new TreeSet<>());
        sorted.forEach((app, deps) -> deps.keySet().forEach(dep -> back.computeIfAbsent(dep, k -> new TreeSet<>()).add(app)));
        back.replaceAll((app, set) -> Collections.unmodifiableSet(set));
        this.dependents = Collections.unmodifiableMap(back);
        this.levels = layer(app -> inGraph(this.dependsOn.get(app).keySet()));
        this.reverseLevels = layer(this.dependents::get);
        this.cycles = findCycles();
    }

    /**
     * The graph of these apps.
     *
     * @param dependsOn by app key ({@code namespace/name}), its dependencies by key with their
     *     condition ({@code started}, {@code healthy}, {@code completed}); an app without
     *     dependencies maps to an empty map (or null)
     */
    public static DependencyGraph of(Map<String, Map<String, String>> dependsOn) {
        return new DependencyGraph(dependsOn);
    }

    /** The graph's apps, sorted. */
    public Set<String> apps() {
        return dependsOn.keySet();
    }

    /** The app's own dependencies (in the graph or not) with their condition; empty for an app not in the graph. */
    public Map<String, String> dependenciesOf(String app) {
        return dependsOn.getOrDefault(app, Map.of());
    }

    /**
     * The start order: level 0 holds the apps that need no app of the graph, level n the apps
     * whose dependencies of the graph are all in levels before n (at least one in n - 1). The
     * apps of a level can start together once the level before has met its conditions. Apps on
     * a cycle, or depending on one, cannot be ordered: they are in one last level of their own,
     * so that every app is in exactly one level; refuse them with {@link #cycles()} first.
     */
    public List<List<String>> levels() {
        return levels;
    }

    /**
     * The stop order: level 0 holds the apps no app of the graph depends on, level n the apps
     * whose dependents are all in levels before n. Each level stops once the level before has
     * stopped. Apps on a cycle, or that a cycle depends on, are in one last level, as in {@link #levels()}.
     */
    public List<List<String>> reverseLevels() {
        return reverseLevels;
    }

    /**
     * Every cycle, one per group of apps that need each other, each as the path that closes it:
     * it starts and ends with the group's smallest key and is a shortest such path
     * ({@code [a, b, c, a]}; an app that depends on itself is {@code [a, a]}). Empty when the
     * graph can be ordered.
     */
    public List<List<String>> cycles() {
        return cycles;
    }

    /** Each cycle spelled out, {@code a -> b -> c -> a}. */
    public List<String> cycleReport() {
        return cycles.stream().map(DependencyGraph::spell).toList();
    }

    /** A path as a message shows it: {@code web -> api -> db}. */
    public static String spell(List<String> path) {
        return String.join(" -> ", path);
    }

    /** The apps of the graph that depend on {@code app} (of the graph or not) directly, sorted. */
    public Set<String> directDependentsOf(String app) {
        return dependents.getOrDefault(app, Set.of());
    }

    /**
     * The apps of the graph that depend on {@code app}, directly or through others, in start
     * order (by level, then key); without {@code app} itself, even on a cycle.
     */
    public List<String> dependentsOf(String app) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(directDependentsOf(app));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) todo.addAll(directDependentsOf(next));
        }
        seen.remove(app);
        List<String> out = new ArrayList<>();
        for (List<String> level : levels) for (String a : level) if (seen.contains(a)) out.add(a);
        return out;
    }

    /**
     * How {@code app} comes to need {@code failed}: the shortest path of dependencies from one to
     * the other, both included ({@code [web, api, db]}); {@code [app]} when they are the same;
     * empty when {@code app} does not need {@code failed}. Among paths of the same length, the
     * one through the smallest keys.
     */
    public List<String> chainTo(String app, String failed) {
        if (app.equals(failed)) return List.of(app);
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(app));
        cameFrom.put(app, null);
        while (!todo.isEmpty()) {
            String at = todo.removeFirst();
            for (String dep : dependenciesOf(at).keySet()) {
                if (cameFrom.containsKey(dep)) continue;
                cameFrom.put(dep, at);
                if (dep.equals(failed)) return path(cameFrom, dep);
                todo.addLast(dep);
            }
        }
        return List.of();
    }

    private static List<String> path(Map<String, String> cameFrom, String end) {
        List<String> out = new ArrayList<>();
        for (String at = end; at != null; at = cameFrom.get(at)) out.add(at);
        Collections.reverse(out);
        return List.copyOf(out);
    }

    private Set<String> inGraph(Set<String> keys) {
        Set<String> out = new TreeSet<>();
        for (String k : keys) if (dependsOn.containsKey(k)) out.add(k);
        return out;
    }

    /** Kahn's layering over "must come after": an app goes in the first level after all of {@code after}'s. */
    private List<List<String>> layer(java.util.function.Function<String, Set<String>> after) {
        Map<String, Integer> waitingFor = new LinkedHashMap<>();
        Map<String, List<String>> unblocks = new HashMap<>();
        for (String app : dependsOn.keySet()) {
            Set<String> before = after.apply(app);
            waitingFor.put(app, before.size());
            for (String b : before) unblocks.computeIfAbsent(b, k -> new ArrayList<>()).add(app);
        }
        List<List<String>> out = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        List<String> level = new ArrayList<>();
        waitingFor.forEach((app, n) -> {
            if (n == 0) level.add(app);
        });
        List<String> current = level;
        while (!current.isEmpty()) {
            Collections.sort(current);
            out.add(List.copyOf(current));
            placed.addAll(current);
            List<String> next = new ArrayList<>();
            for (String done : current) {
                for (String app : unblocks.getOrDefault(done, List.of())) {
                    if (waitingFor.merge(app, -1, Integer::sum) == 0) next.add(app);
                }
            }
            current = next;
        }
        List<String> stuck = new ArrayList<>();
        for (String app : dependsOn.keySet()) if (!placed.contains(app)) stuck.add(app);
        if (!stuck.isEmpty()) out.add(List.copyOf(stuck));
        return List.copyOf(out);
    }

    /** One shortest closing path per strongly connected group that has a cycle (Tarjan), sorted by first key. */
    private List<List<String>> findCycles() {
        List<List<String>> out = new ArrayList<>();
        for (Set<String> group : new Tarjan().groups()) {
            String first = group.iterator().next();
            boolean loops = group.size() > 1 || dependenciesOf(first).containsKey(first);
            if (loops) out.add(shortestCycle(first, group));
        }
        out.sort((a, b) -> a.getFirst().compareTo(b.getFirst()));
        return List.copyOf(out);
    }

    /** The shortest path from {@code start} back to itself within {@code group}, breadth-first in key order. */
    private List<String> shortestCycle(String start, Set<String> group) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String at = todo.removeFirst();
            for (String dep : dependenciesOf(at).keySet()) {
                if (!group.contains(dep)) continue;
                if (dep.equals(start)) {
                    List<String> out = new ArrayList<>(at.equals(start) ? List.of(start) : pathFrom(cameFrom, start, at));
                    out.add(start);
                    return List.copyOf(out);
                }
                if (cameFrom.containsKey(dep)) continue;
                cameFrom.put(dep, at);
                todo.addLast(dep);
            }
        }
        throw new IllegalStateException("no cycle through " + start);
    }

    private static List<String> pathFrom(Map<String, String> cameFrom, String start, String end) {
        List<String> out = new ArrayList<>();
        for (String at = end; !at.equals(start); at = cameFrom.get(at)) out.add(at);
        out.add(start);
        Collections.reverse(out);
        return out;
    }

    /** Tarjan's strongly connected components over the graph's apps, each group sorted. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> groups = new ArrayList<>();

        List<Set<String>> groups() {
            for (String app : dependsOn.keySet()) if (!index.containsKey(app)) visit(app);
            return groups;
        }

        // recursion depth is the longest dependency chain of one file: small
        private void visit(String app) {
            index.put(app, index.size());
            low.put(app, index.get(app));
            stack.push(app);
            onStack.add(app);
            for (String dep : inGraph(dependenciesOf(app).keySet())) {
                if (!index.containsKey(dep)) {
                    visit(dep);
                    low.put(app, Math.min(low.get(app), low.get(dep)));
                } else if (onStack.contains(dep)) {
                    low.put(app, Math.min(low.get(app), index.get(dep)));
                }
            }
            if (low.get(app).equals(index.get(app))) {
                Set<String> group = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    group.add(member);
                } while (!member.equals(app));
                groups.add(group);
            }
        }
    }
}
