package jpm.ecosystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.ArraySchema;
import org.everit.json.schema.BooleanSchema;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.NullSchema;
import org.everit.json.schema.NumberSchema;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.StringSchema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * {@code schemas/ecosystem.schema.json} (draft-07, validated with everit-json-schema), applied to
 * the canonical apps of a file. everit reports a tree of violations; this class flattens it to
 * its leaves, keeps the most specific leaf where a value failed several branches of a
 * multi-type property (docs/performance.md, "Facts the code relies on"), and phrases each in user terms
 * ({@code hooks}, {@code health} and {@code depends_on} in their own: {@link AttributeMessages}).
 */
final class EcosystemSchema {
    static final String RESOURCE = "schemas/ecosystem.schema.json";

    /** A violation inside app {@code app}: {@code path} starts with the canonical key. */
    record Violation(int app, List<String> path, String message) {}

    private static volatile EcosystemSchema instance;

    private final JSONObject raw;
    private final Schema appsSchema;

    private EcosystemSchema(JSONObject raw) {
        this.raw = raw;
        JSONObject wrapper = new JSONObject();
        wrapper.put("$schema", raw.getString("$schema"));
        wrapper.put("definitions", raw.getJSONObject("definitions"));
        wrapper.put("type", "array");
        wrapper.put("items", new JSONObject().put("$ref", "#/definitions/app"));
        this.appsSchema = SchemaLoader.builder()
                .draftV7Support()
                .schemaJson(wrapper)
                // everything is inside the file: never fetch a $ref from the network
                .schemaClient(url -> {
                    throw new UncheckedIOException(new IOException("remote schema references are not allowed: " + url));
                })
                .build().load().build();
    }

    static EcosystemSchema get() {
        EcosystemSchema s = instance;
        if (s == null) {
            synchronized (EcosystemSchema.class) {
                if (instance == null) instance = new EcosystemSchema(new JSONObject(new JSONTokener(resource(RESOURCE))));
                s = instance;
            }
        }
        return s;
    }

    static String resource(String name) {
        try (InputStream in = EcosystemSchema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical attribute names of an app (the keys of definitions.app.properties). */
    /** The attributes of an app: the schema's properties but the extension blocks ({@code x-kubernetes}). */
    Set<String> appKeys() {
        TreeSet<String> keys = new TreeSet<>(appProperties().keySet());
        keys.removeIf(Pm2Vocabulary::isExtension);
        return Collections.unmodifiableSet(keys);
    }

    /**
     * jpm's own aliases ({@code healthcheck} for {@code health}): alias → canonical key, from the
     * attributes' {@code x-jpm-aliases}. PM2's aliases are in schemas/pm2-keys.json.
     */
    Map<String, String> appAliases() {
        Map<String, String> out = new LinkedHashMap<>();
        JSONObject props = appProperties();
        for (String key : new TreeSet<>(props.keySet())) {
            JSONArray aliases = props.getJSONObject(key).optJSONArray("x-jpm-aliases");
            if (aliases != null) for (Object a : aliases) out.put((String) a, key);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The schema of one attribute, as written in the file (for docs and tests). */
    JSONObject attribute(String key) {
        return appProperties().getJSONObject(key);
    }

    private JSONObject appProperties() {
        return raw.getJSONObject("definitions").getJSONObject("app").getJSONObject("properties");
    }

    List<Violation> validate(List<CanonicalApp> apps) {
        JSONArray subject = new JSONArray();
        for (CanonicalApp app : apps) {
            JSONObject o = new JSONObject();
            app.fields().forEach((k, f) -> o.put(k, json(f.value())));
            subject.put(o);
        }
        try {
            appsSchema.validate(subject);
            return List.of();
        } catch (ValidationException e) {
            List<ValidationException> leaves = new ArrayList<>();
            collectLeaves(e, leaves);
            return mostSpecific(leaves, apps);
        }
    }

    private static void collectLeaves(ValidationException e, List<ValidationException> out) {
        if (e.getCausingExceptions().isEmpty()) out.add(e);
        else for (ValidationException c : e.getCausingExceptions()) collectLeaves(c, out);
    }

    /**
     * A value of a multi-type property that fails gets one leaf per type it is not, plus the
     * real complaint of the branch of its own type (pattern, minimum, an item below it). Keep
     * the real complaints; only when a value is of none of the types, say so once.
     */
    private List<Violation> mostSpecific(List<ValidationException> leaves, List<CanonicalApp> apps) {
        Map<String, List<ValidationException>> byPointer = new LinkedHashMap<>();
        for (ValidationException l : leaves) byPointer.computeIfAbsent(l.getPointerToViolation(), k -> new ArrayList<>()).add(l);
        List<Violation> out = new ArrayList<>();
        for (var group : byPointer.entrySet()) {
            String pointer = group.getKey();
            List<String> tokens = tokens(pointer);
            if (tokens.isEmpty()) continue; // the array itself cannot fail: we build it
            int app = Integer.parseInt(tokens.getFirst());
            List<String> path = tokens.subList(1, tokens.size());
            DocNode value = valueAt(apps.get(app), path);
            String expected = expected(path);
            List<ValidationException> real = group.getValue().stream().filter(l -> !"type".equals(l.getKeyword())).toList();
            List<Violation> own = path.isEmpty() ? null
                    : AttributeMessages.of(app, path, group.getValue(), value, apps.get(app).value(path.getFirst()));
            if (own != null) {
                out.addAll(own);
                continue;
            }
            Set<String> messages = new LinkedHashSet<>();
            if (!real.isEmpty()) {
                for (ValidationException l : real) messages.add(envName(path, l) ? "invalid variable name '" + path.get(1)
                        + "': it must not be empty or contain '=' or a NUL character" : message(l, value, expected));
            } else if (byPointer.keySet().stream().noneMatch(p -> p.startsWith(pointer + "/"))) {
                Set<String> types = new LinkedHashSet<>();
                for (ValidationException l : group.getValue()) types.add(typeName(l.getViolatedSchema()));
                messages.add(typeMessage(types, value));
            }
            for (String m : messages) out.add(new Violation(app, List.copyOf(path), m));
        }
        return out;
    }

    /** env maps have no value patterns: a pattern failure two levels down is propertyNames. */
    private static boolean envName(List<String> path, ValidationException l) {
        return path.size() == 2 && "pattern".equals(l.getKeyword())
                && (path.getFirst().equals("env") || Pm2Vocabulary.isEnvName(path.getFirst()));
    }

    private static List<String> tokens(String pointer) {
        String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) return out;
        for (String t : p.substring(1).split("/", -1)) out.add(t.replace("~1", "/").replace("~0", "~"));
        return out;
    }

    private static DocNode valueAt(CanonicalApp app, List<String> path) {
        if (path.isEmpty()) return null;
        DocNode node = app.value(path.getFirst());
        for (String t : path.subList(1, path.size())) {
            if (node instanceof DocNode.MapNode m) node = m.get(t);
            else if (node instanceof DocNode.ListNode l && t.matches("\\d+") && Integer.parseInt(t) < l.items().size()) node = l.items().get(Integer.parseInt(t));
            else return null;
        }
        return node;
    }

    private static final Pattern BRACKETED = Pattern.compile("\\[(.*?)]");

    private static String message(ValidationException l, DocNode value, String expected) {
        Schema s = l.getViolatedSchema();
        String shown = shown(value);
        return switch (l.getKeyword() == null ? "" : l.getKeyword()) {
            case "required" -> "missing required key '" + bracketed(l.getErrorMessage()) + "'";
            case "additionalProperties" -> "unknown key '" + bracketed(l.getErrorMessage()) + "'";
            case "enum" -> "must be one of " + String.join(", ", enumValues((EnumSchema) s)) + ", found " + shown;
            case "minimum" -> "must be >= " + ((NumberSchema) s).getMinimum() + ", found " + shown;
            case "maximum" -> "must be <= " + ((NumberSchema) s).getMaximum() + ", found " + shown;
            case "minLength" -> ((StringSchema) s).getMinLength() == 1 ? "must not be empty"
                    : "must be at least " + ((StringSchema) s).getMinLength() + " characters";
            case "maxLength" -> "must be at most " + ((StringSchema) s).getMaxLength() + " characters, found "
                    + value(value).length();
            case "pattern" -> "invalid value " + shown + (expected == null ? "" : ": expected " + expected);
            default -> l.getErrorMessage();
        };
    }

    /**
     * What a value at this path should look like, for pattern failures: the {@code x-jpm-expected}
     * (or description) of the attribute, of its items, or of the definition it refers to.
     */
    private String expected(List<String> path) {
        if (path.isEmpty()) return null;
        JSONObject s = appProperties().optJSONObject(path.getFirst());
        if (s == null && Pm2Vocabulary.isEnvName(path.getFirst())) s = raw.getJSONObject("definitions").getJSONObject("env");
        for (int i = 1; s != null && i < path.size(); i++) {
            s = resolve(s);
            JSONObject properties = s.optJSONObject("properties");
            s = properties != null && properties.has(path.get(i)) ? properties.getJSONObject(path.get(i))
                    : s.has("items") ? s.optJSONObject("items") : s.optJSONObject("additionalProperties");
        }
        if (s == null) return null;
        s = s.has("x-jpm-expected") ? s : resolve(s);
        return s.has("x-jpm-expected") ? s.getString("x-jpm-expected") : s.optString("description", null);
    }

    private JSONObject resolve(JSONObject s) {
        String ref = s.optString("$ref", "");
        return ref.startsWith("#/definitions/") ? raw.getJSONObject("definitions").getJSONObject(ref.substring(14)) : s;
    }

    static String bracketed(String message) {
        Matcher m = BRACKETED.matcher(message);
        return m.find() ? m.group(1) : message;
    }

    static List<String> enumValues(EnumSchema s) {
        List<String> out = new ArrayList<>();
        for (Object v : s.getPossibleValuesAsList()) out.add(String.valueOf(v));
        return out;
    }

    /** The order types are named in, so messages do not depend on everit's set order. */
    private static final List<String> TYPE_ORDER = List.of("string", "integer", "number", "boolean", "list", "map", "null");

    static String typeMessage(Set<String> expected, DocNode value) {
        List<String> names = new ArrayList<>(expected);
        names.sort(java.util.Comparator.comparingInt(t -> TYPE_ORDER.indexOf(t) < 0 ? TYPE_ORDER.size() : TYPE_ORDER.indexOf(t)));
        String want = names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
        String found = value == null ? "nothing" : DocNode.typeName(value);
        String msg = "must be " + want + ", found " + found;
        if (value instanceof DocNode.ScalarNode sc && sc.value() == null && expected.contains("string")) {
            msg += " (an empty value is null: write \"\" for an empty string)";
        }
        if (value instanceof DocNode.ScalarNode sc && sc.value() instanceof String str) {
            msg += " '" + str + "'";
            if (expected.contains("boolean") && str.toLowerCase(java.util.Locale.ROOT).matches("yes|no|on|off|y|n")) {
                msg += " (YAML 1.2 reads yes/no/on/off as strings: write true or false)";
            }
        }
        return msg;
    }

    private static String typeName(Schema s) {
        return switch (s) {
            case StringSchema x -> "string";
            case BooleanSchema x -> "boolean";
            case NumberSchema n -> n.requiresInteger() ? "integer" : "number";
            case ArraySchema x -> "list";
            case ObjectSchema x -> "map";
            case NullSchema x -> "null";
            default -> s.getClass().getSimpleName();
        };
    }

    private static String value(DocNode n) {
        if (n == null) return "nothing";
        return n instanceof DocNode.ScalarNode s ? String.valueOf(s.value()) : DocNode.typeName(n);
    }

    static String shown(DocNode n) {
        if (n instanceof DocNode.ScalarNode s && s.value() instanceof String str) return "'" + str + "'";
        return value(n);
    }

    /** The org.json form of a node, for everit. */
    static Object json(DocNode n) {
        return switch (n) {
            case DocNode.MapNode m -> {
                JSONObject o = new JSONObject();
                m.entries().forEach((k, e) -> o.put(k, json(e.value())));
                yield o;
            }
            case DocNode.ListNode l -> {
                JSONArray a = new JSONArray();
                for (DocNode item : l.items()) a.put(json(item));
                yield a;
            }
            case DocNode.ScalarNode s -> s.value() == null ? JSONObject.NULL : s.value();
        };
    }
}
