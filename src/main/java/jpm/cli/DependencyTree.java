package jpm.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jpm.rpc.AppDetail;
import jpm.rpc.DependencyState;
import jpm.rpc.InstanceInfo;

/**
 * {@code jpm ls --tree}: the daemon's apps as dependency trees, one per app nothing depends on,
 * each app's dependencies below it with the condition and its state on the edge
 * ({@code started: met}). Pure: DependencyTreeTest.
 */
final class DependencyTree {
    private DependencyTree() {}

    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    static String render(List<AppDetail> apps, boolean colors) {
        Map<String, AppDetail> byId = new TreeMap<>();
        for (AppDetail a : apps) byId.put(a.spec().id(), a);
        Set<String> needed = new HashSet<>();
        for (AppDetail a : apps) for (DependencyState d : a.dependencies()) needed.add(d.app());
        StringBuilder sb = new StringBuilder();
        Set<String> shown = new HashSet<>();
        for (AppDetail a : byId.values()) {
            if (!needed.contains(a.spec().id())) root(sb, a, byId, shown, colors);
        }
        // apps on a cycle (of apps from different files) may have no root: each gets one, so none is left out
        for (AppDetail a : byId.values()) {
            if (!shown.contains(a.spec().id())) root(sb, a, byId, shown, colors);
        }
        return sb.toString();
    }

    private static void root(StringBuilder sb, AppDetail a, Map<String, AppDetail> byId, Set<String> shown, boolean colors) {
        sb.append(a.spec().id()).append("  ").append(statuses(a.instances())).append('\n');
        shown.add(a.spec().id());
        children(sb, a, byId, "", new HashSet<>(Set.of(a.spec().id())), shown, colors);
    }

    private static void children(StringBuilder sb, AppDetail a, Map<String, AppDetail> byId, String indent, Set<String> path,
                                 Set<String> shown, boolean colors) {
        List<DependencyState> deps = a.dependencies();
        for (int k = 0; k < deps.size(); k++) {
            DependencyState d = deps.get(k);
            boolean last = k == deps.size() - 1;
            AppDetail dep = byId.get(d.app());
            shown.add(d.app());
            sb.append(indent).append(last ? "└─ " : "├─ ").append(edge(d, colors)).append(' ').append(d.app()).append("  ")
                    .append(dep == null ? "(not in the daemon)" : statuses(dep.instances()));
            if (dep != null && path.contains(d.app())) {
                sb.append("  (cycle)\n");
                continue;
            }
            sb.append('\n');
            if (dep != null) {
                path.add(d.app());
                children(sb, dep, byId, indent + (last ? "   " : "│  "), path, shown, colors);
                path.remove(d.app());
            }
        }
    }

    private static String edge(DependencyState d, boolean colors) {
        String text = d.condition() + ": " + d.state();
        if (!colors) return "[" + text + "]";
        String color = switch (d.state()) {
            case "met" -> GREEN;
            case "failed" -> RED;
            default -> YELLOW;
        };
        return "[" + color + text + RESET + "]";
    }

    /** {@code 2 online} or {@code 1 online, 1 waiting}. */
    static String statuses(List<InstanceInfo> instances) {
        if (instances.isEmpty()) return "no instances";
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (InstanceInfo i : instances) counts.merge(i.status().wire(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add(n + " " + status));
        return String.join(", ", parts);
    }

    /** The same as JSON: every app with its statuses and dependencies. */
    static List<Object> tree(List<AppDetail> apps) {
        List<Object> out = new ArrayList<>();
        for (AppDetail a : apps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("app", a.spec().id());
            m.put("status", statuses(a.instances()));
            List<Object> deps = new ArrayList<>();
            for (DependencyState d : a.dependencies()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("app", d.app());
                e.put("condition", d.condition());
                e.put("state", d.state());
                deps.add(e);
            }
            m.put("depends_on", deps);
            out.add(m);
        }
        return out;
    }
}
