package jpm.ecosystem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's {@code depends_on} as a file writes it ({@code [db, cache]}, or
 * {@code {db: {condition: healthy}}}), bound to {@code namespace/name} keys with their condition,
 * and checked at the file:line:col of the name or condition at fault: each app on its own when
 * it is bound (a name's form, a name given twice, the app itself), then the file's apps together
 * (a plain name that is no app of the file, {@code healthy} on an app without {@code health},
 * {@code completed} on an app that is restarted when it exits, cycles). A {@code namespace/name}
 * that is no app of the file may be an app already in the daemon: apply checks it. The schema
 * has already checked the shape.
 */
final class DependsOnBinding {
    /**
     * One dependency as written.
     *
     * @param key {@code namespace/name}; a plain name is in the dependent app's namespace
     * @param plain whether it was written without a namespace (then it must be an app of the file)
     * @param nameAt where the name is: a list item, or a map's key
     * @param conditionAt where the condition is; the name's place in the short form
     */
    record Entry(String written, String key, String condition, boolean plain, CanonicalApp.Located nameAt,
                 CanonicalApp.Located conditionAt) {}

    private final Diagnostics diagnostics;
    private final AttributeValues values;

    DependsOnBinding(Diagnostics diagnostics, AttributeValues values) {
        this.diagnostics = diagnostics;
        this.values = values;
    }

    /** The dependencies by key, reporting what is wrong with one app's own entries; empty when absent or refused. */
    Map<String, String> bind(CanonicalApp app, String namespace, String name) {
        Map<String, String> out = new TreeMap<>();
        if (values.usable(app, "depends_on") == null || name == null) return out;
        Map<String, Entry> seen = new HashMap<>();
        for (Entry e : entries(app, namespace)) {
            String problem = problem(e, namespace + "/" + name, seen);
            if (problem != null) {
                diagnostics.error(e.nameAt().position(), e.nameAt().pointer(), problem);
                continue;
            }
            seen.put(e.key(), e);
            out.put(e.key(), e.condition());
        }
        return out;
    }

    /** What is wrong with an entry on its own, or null. */
    private static String problem(Entry e, String self, Map<String, Entry> seen) {
        int slash = e.written().indexOf('/');
        String ns = slash < 0 ? null : e.written().substring(0, slash);
        String name = e.written().substring(slash + 1);
        String nsProblem = ns == null ? null : AppName.problem(ns);
        if (nsProblem != null) return "namespace '" + ns + "' " + nsProblem + " (write name, or namespace/name)";
        String nameProblem = AppName.problem(name);
        if (nameProblem != null) return "app name '" + name + "' " + nameProblem + (slash < 0 ? "" : " (write name, or namespace/name)");
        if (e.key().equals(self)) return "the app depends on itself: remove " + e.written();
        Entry first = seen.get(e.key());
        if (first != null) {
            return e.written() + " is given twice" + (first.written().equals(e.written()) ? "" : " (as " + first.written() + ")")
                    + ", first at line " + first.nameAt().position().line() + ": keep one";
        }
        return null;
    }

    /** The entries as written, in file order, with their keys resolved against the app's namespace. Pure. */
    static List<Entry> entries(CanonicalApp app, String namespace) {
        DocNode v = app.value("depends_on");
        List<Entry> out = new ArrayList<>();
        if (v == null || namespace == null) return out;
        String pointer = app.pointerOf("depends_on");
        switch (v) {
            case DocNode.ListNode l -> {
                for (int i = 0; i < l.items().size(); i++) {
                    if (!(l.items().get(i) instanceof DocNode.ScalarNode s) || !(s.value() instanceof String written)) continue;
                    CanonicalApp.Located at = new CanonicalApp.Located(Diagnostics.child(pointer, Integer.toString(i)), s.position());
                    out.add(entry(written, Supervision.Dependencies.STARTED, namespace, at, at));
                }
            }
            case DocNode.MapNode m -> m.entries().forEach((written, e) -> {
                String entryPointer = Diagnostics.child(pointer, written);
                CanonicalApp.Located at = new CanonicalApp.Located(entryPointer, e.keyPosition());
                if (!(e.value() instanceof DocNode.MapNode c) || !(c.get("condition") instanceof DocNode.ScalarNode cs)
                        || !(cs.value() instanceof String condition)) return;
                out.add(entry(written, condition, namespace, at,
                        new CanonicalApp.Located(Diagnostics.child(entryPointer, "condition"), cs.position())));
            });
            case DocNode.ScalarNode s -> { }
        }
        return out;
    }

    private static Entry entry(String written, String condition, String namespace, CanonicalApp.Located nameAt,
                               CanonicalApp.Located conditionAt) {
        boolean plain = written.indexOf('/') < 0;
        return new Entry(written, plain ? namespace + "/" + written : written, condition, plain, nameAt, conditionAt);
    }

    /**
     * What only the file's apps together can tell: names that are no app of the file, conditions
     * an app cannot meet, cycles. Apps whose name or namespace is unknown (an error already) are
     * left out.
     */
    void checkAcross(List<AppBinder.Bound> bound) {
        Map<String, AppBinder.Bound> byKey = new LinkedHashMap<>();
        for (AppBinder.Bound b : bound) {
            if (b.name() != null && b.namespace() != null && AppName.problem(b.name()) == null) {
                byKey.putIfAbsent(b.namespace() + "/" + b.name(), b);
            }
        }
        Map<String, Map<String, String>> graph = new TreeMap<>();
        Map<String, Map<String, Entry>> entryOf = new HashMap<>();
        byKey.forEach((key, b) -> {
            Map<String, String> inFile = new TreeMap<>();
            Map<String, Entry> seen = new HashMap<>();
            for (Entry e : entries(b.app(), b.namespace())) {
                if (diagnostics.hasErrorAt(e.nameAt().pointer()) || problem(e, key, seen) != null) continue;
                seen.put(e.key(), e);
                AppBinder.Bound target = byKey.get(e.key());
                if (target == null) {
                    if (e.plain()) error(e.nameAt(), unknown(e, b.namespace(), byKey));
                    continue;
                }
                String unmet = unmet(e, target);
                if (unmet != null) error(e.conditionAt(), unmet);
                inFile.put(e.key(), e.condition());
            }
            graph.put(key, inFile);
            entryOf.put(key, seen);
        });
        DependencyGraph g = DependencyGraph.of(graph);
        for (List<String> cycle : g.cycles()) {
            Entry first = entryOf.get(cycle.get(0)).get(cycle.get(1));
            error(first.nameAt(), "a cycle: " + DependencyGraph.spell(shown(cycle)) + "; none of them could start: remove one"
                    + " of these dependencies");
        }
    }

    /** Why the dependency can never meet the condition, or null. */
    private String unmet(Entry e, AppBinder.Bound target) {
        String line = " (line " + target.namePosition().line() + ")";
        return switch (e.condition()) {
            case Supervision.Dependencies.HEALTHY -> target.app().value("health") != null ? null
                    : "condition healthy: " + e.written() + line + " has no health check to pass: give it health, or use"
                            + " condition started";
            // an autorestart the schema refused is reported already
            case Supervision.Dependencies.COMPLETED -> !values.bool(target.app(), "autorestart", true)
                    || (target.app().value("autorestart") != null && values.usable(target.app(), "autorestart") == null) ? null
                    : "condition completed: " + e.written() + line + " is restarted when it exits (autorestart is "
                            + (target.app().value("autorestart") == null ? "true by default" : "true") + "): give it"
                            + " autorestart: false, or use condition started";
            default -> null;
        };
    }

    /** A plain name that is no app of the namespace in this file: a close name, or the same name in another namespace. */
    private static String unknown(Entry e, String namespace, Map<String, AppBinder.Bound> byKey) {
        List<String> sameNamespace = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        byKey.forEach((key, b) -> {
            if (b.namespace().equals(namespace)) sameNamespace.add(b.name());
            else if (b.name().equals(e.written())) elsewhere.add(key);
        });
        String msg = "no app '" + e.written() + "' in namespace '" + namespace + "' in this file";
        if (!elsewhere.isEmpty()) return msg + ": write " + String.join(" or ", elsewhere) + " for the app of another namespace";
        String closest = sameNamespace.stream()
                .min(Comparator.comparingInt(n -> Pm2Vocabulary.editDistance(e.written(), n))).orElse(null);
        if (closest != null && Pm2Vocabulary.editDistance(e.written(), closest) <= Math.max(2, e.written().length() / 4)) {
            return msg + "; did you mean '" + closest + "'?";
        }
        return msg + " (an app of another file is written namespace/name)";
    }

    /** A cycle's keys as plain names when its apps share one namespace. */
    private static List<String> shown(List<String> cycle) {
        String ns = cycle.getFirst().substring(0, cycle.getFirst().indexOf('/'));
        boolean one = cycle.stream().allMatch(k -> k.startsWith(ns + "/"));
        return one ? cycle.stream().map(k -> k.substring(ns.length() + 1)).toList() : cycle;
    }

    private void error(CanonicalApp.Located at, String message) {
        diagnostics.error(at.position(), at.pointer(), message);
    }
}
