package jpm.ecosystem;

import static jpm.ecosystem.EcosystemSchema.bracketed;
import static jpm.ecosystem.EcosystemSchema.enumValues;
import static jpm.ecosystem.EcosystemSchema.shown;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jpm.ecosystem.EcosystemSchema.Violation;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.ValidationException;

/**
 * What the schema refused in {@code hooks}, {@code health} and {@code depends_on}, said in
 * the attribute's own words (an event type, a probe, a condition) and at the value at fault,
 * where the schema's keywords (an enum of property names, oneOf, required,
 * additionalProperties) would say something else. {@link EcosystemSchema} says the rest.
 */
final class AttributeMessages {
    private AttributeMessages() {}

    /**
     * The violations of one value in the attribute's words, or null when the generic message
     * says it well (a pattern, an enum, a minimum).
     *
     * @param whole the attribute's whole value ({@code path}'s first key)
     */
    static List<Violation> of(int app, List<String> path, List<ValidationException> group, DocNode value, DocNode whole) {
        if (path.getFirst().equals("hooks")) {
            String hook = hookMessage(path, group, value);
            return hook == null ? null : List.of(new Violation(app, List.copyOf(path), hook));
        }
        return ownMessages(app, path, group, value, whole);
    }

    /**
     * A key of {@code hooks} is an event type and its value a command: say that, rather than what
     * the schema's keywords say (an enum of property names, an item count).
     */
    private static String hookMessage(List<String> path, List<ValidationException> group, DocNode value) {
        if (path.size() != 2 || !path.getFirst().equals("hooks")) return null;
        for (ValidationException l : group) {
            if (l.getViolatedSchema() instanceof EnumSchema e) {
                List<String> types = enumValues(e);
                String type = path.get(1);
                String closest = types.stream().min(Comparator.comparingInt(t -> Pm2Vocabulary.editDistance(type, t))).orElseThrow();
                return "unknown event type '" + type + "'" + (Pm2Vocabulary.editDistance(type, closest) <= 2
                        ? "; did you mean '" + closest + "'?" : "") + " (event types: " + String.join(", ", types) + ")";
            }
            if ("minItems".equals(l.getKeyword())) return "the command is empty: give the program, then its arguments";
        }
        if (!(value instanceof DocNode.ListNode)) {
            return "must be a list: the program, then its arguments (no shell), found " + DocNode.typeName(value)
                    + (value instanceof DocNode.ScalarNode sc && sc.value() instanceof String str ? " '" + str + "'" : "");
        }
        return null;
    }

    /** The keys of {@code health}, in the order messages list them. */
    static final List<String> HEALTH_KEYS =
            List.of("http", "tcp", "exec", "interval", "timeout", "start_period", "retries", "on_unhealthy");
    private static final List<String> PROBES = HEALTH_KEYS.subList(0, 3);
    private static final String COMMAND = "a list: the program, then its arguments (no shell)";
    private static final String CONDITION = "{condition: started, healthy or completed}";

    /**
     * {@code health} and {@code depends_on} in their own words, at the value at fault, where the
     * schema's keywords (oneOf, required, additionalProperties) would say something else; null
     * when the generic message says it well (a pattern, an enum, a minimum).
     */
    private static List<Violation> ownMessages(int app, List<String> path, List<ValidationException> group, DocNode value,
                                               DocNode whole) {
        if (path.isEmpty()) return null;
        Set<String> keywords = new LinkedHashSet<>();
        for (ValidationException l : group) keywords.add(l.getKeyword() == null ? "" : l.getKeyword());
        List<Violation> out = new ArrayList<>();
        switch (path.getFirst()) {
            case "health" -> {
                if (path.size() == 1 && !(value instanceof DocNode.MapNode)) {
                    out.add(new Violation(app, path, "must be a map with one probe (http: a URL, tcp: host:port or exec: a"
                            + " command), found " + DocNode.typeName(value) + quoted(value)));
                } else if (path.size() == 1) {
                    DocNode.MapNode m = (DocNode.MapNode) value;
                    for (ValidationException l : group) {
                        if ("additionalProperties".equals(l.getKeyword())) {
                            String key = bracketed(l.getErrorMessage());
                            out.add(new Violation(app, List.of("health", key), unknownKey(key, "health", HEALTH_KEYS)));
                        }
                    }
                    if (keywords.contains("required") || keywords.contains("oneOf")) {
                        List<String> probes = PROBES.stream().filter(m.entries()::containsKey).toList();
                        if (probes.isEmpty()) {
                            out.add(new Violation(app, path, "no probe: give one of http (a URL), tcp (host:port) and exec (a command)"));
                        } else {
                            out.add(new Violation(app, List.of("health", probes.get(1)), "health has " + String.join(" and ", probes)
                                    + ": give one probe"));
                        }
                    }
                } else if (path.size() == 2 && path.get(1).equals("exec")) {
                    if (keywords.contains("minItems")) out.add(new Violation(app, path, "the command is empty: give the program, then its arguments"));
                    else if (!(value instanceof DocNode.ListNode)) {
                        out.add(new Violation(app, path, "must be " + COMMAND + ", found " + DocNode.typeName(value) + quoted(value)));
                    } else return null;
                } else return null;
            }
            case "depends_on" -> {
                // list items are names: the generic messages (must be string, must not be empty) say it
                if (path.size() == 3 && path.get(2).equals("condition") && keywords.contains("enum")) {
                    // (everit names the entry's object schema as the one violated here, not the enum)
                    return List.of(new Violation(app, path, "must be one of started, healthy, completed, found " + shown(value)));
                }
                // a list or a map matches one of the two types: its own items were at fault, and say so
                if (path.size() == 1 ? !(value instanceof DocNode.ScalarNode) : whole instanceof DocNode.ListNode || path.size() > 2) {
                    return null;
                }
                if (path.size() == 1) {
                    out.add(new Violation(app, path, "must be a list of app names ([db, cache]) or a map of app name to "
                            + CONDITION + ", found " + DocNode.typeName(value) + quoted(value)));
                } else if (!(value instanceof DocNode.MapNode)) {
                    String hint = value instanceof DocNode.ScalarNode sc && sc.value() instanceof String str
                            && Supervision.Dependencies.CONDITIONS.contains(str) ? ": write " + path.get(1) + ": {condition: " + str + "}" : "";
                    out.add(new Violation(app, path, "must be " + CONDITION + ", found " + DocNode.typeName(value) + quoted(value) + hint));
                } else {
                    for (ValidationException l : group) {
                        if ("required".equals(l.getKeyword())) {
                            out.add(new Violation(app, path, "missing condition: started, healthy or completed"));
                        } else if ("additionalProperties".equals(l.getKeyword())) {
                            String key = bracketed(l.getErrorMessage());
                            out.add(new Violation(app, List.of("depends_on", path.get(1), key),
                                    unknownKey(key, "depends_on." + path.get(1), List.of("condition"))));
                        }
                    }
                    if (out.isEmpty()) return null;
                }
            }
            default -> {
                return null;
            }
        }
        return out;
    }

    /** An unknown key below an attribute, with the key meant: a close one, or the snake_case of a camelCase one. */
    private static String unknownKey(String key, String where, List<String> known) {
        String snake = Pm2Vocabulary.snakeCase(key);
        String closest = known.stream().min(Comparator.comparingInt(k -> Pm2Vocabulary.editDistance(snake, k))).orElseThrow();
        String meant = Pm2Vocabulary.editDistance(snake, closest) <= 2 ? "; did you mean '" + closest + "'?" : "";
        return "unknown key '" + key + "' in " + where + meant + " (keys: " + String.join(", ", known) + ")";
    }

    private static String quoted(DocNode value) {
        return value instanceof DocNode.ScalarNode sc && sc.value() instanceof String str ? " '" + str + "'" : "";
    }

}
