package jpm.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import jpm.ecosystem.Attribute;
import jpm.ecosystem.Attribute.OnChange;
import jpm.ecosystem.Attributes;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Pm2Vocabulary;
import jpm.ecosystem.Supervision;
import jpm.json.FlatComponents;

/**
 * Explains a difference: which attributes changed, under their ecosystem names. It does not
 * decide anything: the planner restarts when {@link Launch#hash()} differs and updates when
 * {@link Supervision#hash()} differs, so a component missing here is still acted on, and is
 * then named by its wire name with its values hidden (it might hold a secret). Env values are
 * compared per variable and always hidden.
 */
final class Fields {
    private Fields() {}

    /** A record component and the attribute that names it in a plan. */
    record Field(String component, String attribute) {}

    /**
     * Launch's components in the order a plan lists them, named as {@link Attributes} names
     * them: the record's order, with env (a map, shown per variable) last.
     */
    static final List<Field> LAUNCH = fields(OnChange.RESTART);

    /** Supervision's components in the order a plan lists them (the record's, its policies unwrapped). */
    static final List<Field> LIVE = fields(OnChange.LIVE);

    private static List<Field> fields(OnChange onChange) {
        List<Field> scalars = new ArrayList<>();
        List<Field> maps = new ArrayList<>();
        for (FlatComponents.Leaf c : FlatComponents.of(onChange.record()).values()) {
            Attribute a = Attributes.boundTo(onChange, c.name());
            // a component no attribute holds is still named, by its wire name (explain); AttributesTest fails on it
            if (a == null) continue;
            (Map.class.isAssignableFrom(c.component().getType()) ? maps : scalars).add(new Field(c.name(), a.key()));
        }
        scalars.addAll(maps);
        return List.copyOf(scalars);
    }

    /** What differs between two launches, env per variable (masked); never empty when the hashes differ. */
    static List<FieldChange> launchChanges(Launch before, Launch after) {
        return explain(LAUNCH, Launch.NOT_HASHED, before, after);
    }

    /** What differs between two supervisions; never empty when the hashes differ. */
    static List<FieldChange> liveChanges(Supervision before, Supervision after) {
        return explain(LIVE, Supervision.NOT_HASHED, before, after);
    }

    static <T extends Record> List<FieldChange> explain(List<Field> fields, Set<String> excluded, T before, T after) {
        Map<String, FlatComponents.Leaf> components = new LinkedHashMap<>(FlatComponents.of(before.getClass()));
        List<FieldChange> out = new ArrayList<>();
        for (Field f : fields) {
            FlatComponents.Leaf c = components.remove(f.component());
            if (c == null) throw new IllegalStateException(before.getClass().getSimpleName() + " has no component " + f.component());
            Object b = c.get(before);
            Object a = c.get(after);
            if (Objects.equals(b, a)) continue;
            if (b instanceof Map<?, ?> bm && a instanceof Map<?, ?> am) {
                perKey(out, f.attribute(), bm, am, !SHOWN_MAPS.contains(f.attribute()));
            } else {
                out.add(new FieldChange(f.attribute(), show(b), show(a), false));
            }
        }
        // components no entry above explains: still named, so a plan never restarts for no visible reason
        for (FlatComponents.Leaf c : components.values()) {
            if (excluded.contains(c.name()) || Objects.equals(c.get(before), c.get(after))) continue;
            out.add(new FieldChange(Pm2Vocabulary.snakeCase(c.name()), "", "", true));
        }
        return out;
    }

    /** Maps whose values are shown: depends_on's are conditions. env and hooks (a command's arguments) may hold secrets. */
    private static final Set<String> SHOWN_MAPS = Set.of("depends_on");

    /** A map compared per key, values hidden unless {@code masked} is false. */
    private static void perKey(List<FieldChange> out, String attribute, Map<?, ?> before, Map<?, ?> after, boolean masked) {
        TreeSet<String> keys = new TreeSet<>();
        for (Object k : before.keySet()) keys.add(k.toString());
        for (Object k : after.keySet()) keys.add(k.toString());
        for (String k : keys) {
            Object b = before.get(k);
            Object a = after.get(k);
            if (Objects.equals(b, a)) continue;
            out.add(masked ? new FieldChange(attribute + "." + k, b == null ? null : "", a == null ? null : "", true)
                    : new FieldChange(attribute + "." + k, show(b), show(a), false));
        }
    }

    /** Values as a reader expects them in a diff: strings quoted, lists bracketed, null as absent. */
    static String show(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> quote(s);
            case List<?> l -> {
                List<String> parts = new ArrayList<>();
                for (Object o : l) parts.add(o == null ? "null" : show(o));
                yield "[" + String.join(", ", parts) + "]";
            }
            case Map<?, ?> m -> m.toString();
            case Record r -> record(r);
            default -> v.toString();
        };
    }

    /**
     * A record value (a health check) as a file writes it: its components that are set, by their
     * attribute names ({@code intervalMs} as {@code interval}).
     */
    private static String record(Record r) {
        List<String> parts = new ArrayList<>();
        for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v != null) parts.add(Pm2Vocabulary.snakeCase(c.getName()).replaceAll("_ms$", "") + ": " + show(v));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
