package jpm.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which values of a converted ecosystem.config.js the JavaScript computed, and what to say about
 * each (a YAML comment). Two sources, because neither alone sees everything:
 * <ul>
 *   <li>the source text ({@link JsProperties}): a property whose value is not a literal was
 *       computed, and its text says how ({@code path.join(__dirname, 'app')},
 *       {@code process.env.NODE_ENV === 'production' ? 4 : 1}); a key is matched to its value in
 *       the output when the source writes it once, or as many times as the output has it;</li>
 *   <li>a second evaluation with the conversion's environment changed ({@link ConvertCommand}'s
 *       probe: every process.env variable, __dirname, the current and home directories): a value
 *       that differs depends on that environment even when the expression is elsewhere (a
 *       helper in another file, a spread object), and the probe's markers in it say on what.</li>
 * </ul>
 * Pure: the trees are what node printed, parsed.
 */
final class ComputedValues {
    static final String PROBE_ROOT = "/jpm-probe";
    static final String PROBE_ENV = "jpm-probe-env-";
    /** A key the probe's evaluation does not have. */
    private static final Object ABSENT = new Object();
    private static final Pattern PROBE_VARIABLE = Pattern.compile(Pattern.quote(PROBE_ENV) + "([A-Za-z_][A-Za-z0-9_]*)");
    private static final int MAX_COMMENT = 100;

    private ComputedValues() {}

    /**
     * Comment text per path (keys and list indices from the root) of {@code values}.
     *
     * @param probed the same file evaluated by the probe, or null when that failed
     */
    static Map<List<Object>, String> find(Object values, Object probed, String source) {
        Map<String, List<JsProperties.Property>> written = new HashMap<>();
        for (JsProperties.Property p : JsProperties.of(source)) written.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        count(values, total);
        Map<List<Object>, String> out = new LinkedHashMap<>();
        walk(values, probed, probed != null, false, new ArrayList<>(), written, seen, total, out);
        return out;
    }

    private static void count(Object v, Map<String, Integer> total) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                total.merge((String) k, 1, Integer::sum);
                count(x, total);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> count(x, total));
        }
    }

    /**
     * @param probe the probe's value at this path, when {@code probeKnown}: the probe ran and
     *     reached the same path (a list of the same length, a map with the key)
     */
    private static void walk(Object v, Object probe, boolean probeKnown, boolean underComment, List<Object> path,
            Map<String, List<JsProperties.Property>> written,
            Map<String, Integer> seen, Map<String, Integer> total, Map<List<Object>, String> out) {
        String comment = null;
        if (!path.isEmpty() && path.getLast() instanceof String key) {
            int index = seen.merge(key, 1, Integer::sum) - 1;
            JsProperties.Property p = property(written.get(key), index, total.getOrDefault(key, 0));
            // an object or array literal's members speak for themselves; any other non-literal is the expression
            if (p != null && !p.literal() && !p.container()) comment = "computed: " + oneLine(p.expression());
        }
        boolean descend = v instanceof Map<?, ?> && probe instanceof Map<?, ?>
                || v instanceof List<?> l && probe instanceof List<?> pl && l.size() == pl.size();
        if (comment == null && probeKnown && !descend && !Objects.equals(v, probe)) {
            // the environment changed this value (or its shape: its members cannot be compared)
            if (!underComment) out.put(List.copyOf(path), describe(probe));
            skip(v, seen);
            return;
        }
        if (comment != null) out.put(List.copyOf(path), comment); // a list or map built by an expression: its members may say more
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Map<?, ?> pm = (Map<?, ?>) probe; // a map too whenever probeKnown: see descend
                Object p = !probeKnown ? null : pm.containsKey(e.getKey()) ? pm.get(e.getKey()) : ABSENT;
                path.add(e.getKey());
                walk(e.getValue(), p, probeKnown, underComment || comment != null, path, written, seen, total, out);
                path.removeLast();
            }
        } else if (v instanceof List<?> l) {
            boolean known = probeKnown && descend;
            for (int i = 0; i < l.size(); i++) {
                path.add(i);
                walk(l.get(i), known ? ((List<?>) probe).get(i) : null, known, underComment || comment != null, path, written, seen,
                        total, out);
                path.removeLast();
            }
        }
    }

    /** Counts the keys under a value that gets a comment as a whole, so later keys still pair up. */
    private static void skip(Object v, Map<String, Integer> seen) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                seen.merge((String) k, 1, Integer::sum);
                skip(x, seen);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> skip(x, seen));
        }
    }

    /** The source property for the index-th occurrence of a key in the output, when it is unambiguous. */
    private static JsProperties.Property property(List<JsProperties.Property> written, int index, int occurrences) {
        if (written == null) return null;
        if (written.size() == 1) return written.getFirst(); // one expression, perhaps in a helper used for every app
        return written.size() == occurrences ? written.get(index) : null;
    }

    /** What a probed value shows about where it came from. */
    static String describe(Object probed) {
        if (probed == ABSENT) return "computed at conversion: absent when its environment differs";
        String text = String.valueOf(probed);
        List<String> from = new ArrayList<>();
        Matcher m = PROBE_VARIABLE.matcher(text);
        while (m.find()) {
            String v = "process.env." + m.group(1);
            if (!from.contains(v)) from.add(v);
        }
        if (text.contains(PROBE_ROOT + "/dir")) from.add("__dirname");
        if (text.contains(PROBE_ROOT + "/cwd")) from.add("the current directory");
        if (text.contains(PROBE_ROOT + "/home")) from.add("the home directory");
        return from.isEmpty() ? "computed at conversion from its environment" : "computed at conversion from " + String.join(", ", from);
    }

    private static String oneLine(String expression) {
        String s = expression.replaceAll("\\s+", " ").strip();
        return s.length() <= MAX_COMMENT ? s : s.substring(0, MAX_COMMENT - 1) + "…";
    }
}
