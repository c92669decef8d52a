package jpm.rpc;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jpm.json.FlatComponents;
import jpm.json.Json;
import jpm.json.JsonException;
import jpm.json.Unwrapped;

/**
 * The one codec between protocol records and JSON: each record becomes an object with its
 * components as snake_case keys; a value declared as a sealed interface also carries
 * {@code "type": "<snake_case simple name>"}, and an {@link Unwrapped} component is written as its
 * own components in the enclosing object. Unknown keys are ignored (forward compatible),
 * missing keys become null (or an error for primitives), a wrong type is a {@link WireException}.
 *
 * <p>Supported component types: records, sealed interfaces of records, String, boolean, int,
 * long, double (and their boxes), Instant (ISO-8601 text), enums that implement {@link WireName},
 * List and Map&lt;String, ?&gt; of those, and Object: any JSON value, kept as plain values.
 */
public final class WireCodec {
    private static final Map<Class<?>, Map<String, Class<?>>> SUBTYPES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    /**
     * A record type's reflective facts, looked up once per type: {@link Class#getRecordComponents}
     * builds new objects and parses signatures on every call, which made a 100-instance
     * {@code jpm jlist} spend most of its time here.
     */
    private record Shape(String[] keys, Type[] types, Method[] accessors, boolean[] unwrapped, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            RecordComponent[] comps = type.getRecordComponents();
            String[] keys = new String[comps.length];
            Type[] types = new Type[comps.length];
            Class<?>[] raw = new Class<?>[comps.length];
            Method[] accessors = new Method[comps.length];
            boolean[] unwrapped = new boolean[comps.length];
            for (int i = 0; i < comps.length; i++) {
                keys[i] = snake(comps[i].getName());
                types[i] = comps[i].getGenericType();
                raw[i] = comps[i].getType();
                accessors[i] = comps[i].getAccessor();
                unwrapped[i] = FlatComponents.isUnwrapped(comps[i]);
            }
            try {
                return new Shape(keys, types, accessors, unwrapped, type.getDeclaredConstructor(raw));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, Shape::of);
    }

    private WireCodec() {}

    public static String encode(Request r) {
        return write(r, Request.class);
    }

    public static String encode(Response r) {
        return write(r, Response.class);
    }

    /**
     * A value's JSON, written as it is walked: the text of {@code Json.write(toTree(value,
     * declared))}, without building the tree first (an `ls` of 10,000 instances is 4 MB of
     * JSON, and its tree 300,000 map entries).
     */
    public static String write(Object value, Type declared) {
        StringBuilder sb = new StringBuilder(256);
        write(value, declared, sb);
        return sb.toString();
    }

    private static void write(Object value, Type declared, StringBuilder sb) {
        if (value instanceof Record rec) {
            sb.append('{');
            boolean first = true;
            if (rawClass(declared).isInterface()) {
                Json.append("type", sb);
                sb.append(':');
                Json.append(snake(value.getClass().getSimpleName()), sb);
                first = false;
            }
            writeComponents(rec, sb, first);
            sb.append('}');
        } else if (value instanceof List<?> l) {
            Type item = typeArg(declared, 0);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                write(l.get(i), item, sb);
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> mp) {
            Type item = typeArg(declared, 1);
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : mp.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                Json.append((String) e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), item, sb);
            }
            sb.append('}');
        } else {
            Json.append(toTree(value, declared), sb); // a leaf: null, a string, a number, a name, a time
        }
    }

    /** A record's components as "key":value pairs, an {@link Unwrapped} one's in its place; whether none was written yet after. */
    private static boolean writeComponents(Record rec, StringBuilder sb, boolean first) {
        Shape shape = shape(rec.getClass());
        for (int i = 0; i < shape.keys().length; i++) {
            Object v = component(shape, i, rec);
            if (shape.unwrapped()[i]) {
                first = writeComponents((Record) v, sb, first);
                continue;
            }
            if (!first) sb.append(',');
            first = false;
            Json.append(shape.keys()[i], sb);
            sb.append(':');
            write(v, shape.types()[i], sb);
        }
        return first;
    }

    public static Request decodeRequest(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return decodeRequest(b, 0, b.length, Long.MAX_VALUE);
    }

    /**
     * Decodes a request straight from a frame's UTF-8 bytes.
     *
     * @param maxWeight the most heap the decoded JSON values may take (see {@link Json#parse(byte[], int, int, long)})
     */
    public static Request decodeRequest(byte[] utf8, int off, int len, long maxWeight) {
        return (Request) fromTree(parse(utf8, off, len, maxWeight), Request.class);
    }

    public static Response decodeResponse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return decodeResponse(b);
    }

    /** Decodes an answer straight from a frame's UTF-8 bytes. */
    public static Response decodeResponse(byte[] utf8) {
        return (Response) fromTree(parse(utf8, 0, utf8.length, Long.MAX_VALUE), Response.class);
    }

    private static Object parse(byte[] utf8, int off, int len, long maxWeight) {
        try {
            return Json.parse(utf8, off, len, maxWeight);
        } catch (JsonException.TooHeavy e) {
            throw new WireException(e.getMessage());
        } catch (JsonException e) {
            throw new WireException("not JSON: " + e.getMessage());
        }
    }

    /** A value as plain JSON values (Map/List/String/Number/Boolean/null). */
    public static Object toTree(Object value, Type declared) {
        if (value == null) return null;
        Class<?> raw = rawClass(declared);
        if (value instanceof Record rec) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (raw.isInterface()) m.put("type", snake(value.getClass().getSimpleName()));
            putComponents(m, rec);
            return m;
        }
        if (value instanceof List<?> l) {
            Type item = typeArg(declared, 0);
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(toTree(o, item));
            return out;
        }
        if (value instanceof Map<?, ?> mp) {
            Type item = typeArg(declared, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : mp.entrySet()) out.put((String) e.getKey(), toTree(e.getValue(), item));
            return out;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Number) return value;
        if (value instanceof WireName w) return w.wire();
        if (value instanceof Instant t) return t.toString();
        throw new IllegalArgumentException("cannot encode " + value.getClass());
    }

    /** The value of a record's i-th component, by its accessor. */
    private static Object component(Shape shape, int i, Record rec) {
        try {
            return shape.accessors()[i].invoke(rec);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record's components into {@code m}, an {@link Unwrapped} one's components in its place. */
    private static void putComponents(Map<String, Object> m, Record rec) {
        Shape shape = shape(rec.getClass());
        for (int i = 0; i < shape.keys().length; i++) {
            Object v = component(shape, i, rec);
            if (shape.unwrapped()[i]) {
                putComponents(m, (Record) v);
            } else {
                m.put(shape.keys()[i], toTree(v, shape.types()[i]));
            }
        }
    }

    /** Binds a JSON tree to the declared type; every mismatch is a {@link WireException}. */
    public static Object fromTree(Object tree, Type declared) {
        Class<?> raw = rawClass(declared);
        if (tree == null) {
            if (raw.isPrimitive()) throw new WireException("missing value for " + raw.getSimpleName());
            return null;
        }
        if (raw == Object.class) return tree; // any JSON, passed through as plain values
        if (raw.isInterface() && raw.isSealed()) {
            Map<String, Object> m = object(tree, raw);
            Object tag = m.get("type");
            Class<?> sub = tag instanceof String s ? subtypes(raw).get(s) : null;
            if (sub == null) throw new WireException("unknown " + raw.getSimpleName() + " type '" + tag + "'");
            return fromTree(tree, sub);
        }
        if (raw.isRecord()) return record(object(tree, raw), raw);
        if (raw == List.class) {
            if (!(tree instanceof List<?> l)) throw new WireException("expected a list, got " + kind(tree));
            Type item = typeArg(declared, 0);
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(fromTree(o, item));
            return out;
        }
        if (raw == Map.class) {
            Map<String, Object> m = object(tree, raw);
            Type item = typeArg(declared, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) out.put(e.getKey(), fromTree(e.getValue(), item));
            return out;
        }
        if (raw == String.class) {
            if (tree instanceof String s) return s;
            throw new WireException("expected a string, got " + kind(tree));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (tree instanceof Boolean b) return b;
            throw new WireException("expected a boolean, got " + kind(tree));
        }
        if (raw == int.class || raw == Integer.class) {
            long v = integral(tree);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new WireException("number out of range: " + v);
            return (int) v;
        }
        if (raw == long.class || raw == Long.class) return integral(tree);
        if (raw == Instant.class) {
            if (!(tree instanceof String s)) throw new WireException("expected a time, got " + kind(tree));
            try {
                return Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                throw new WireException("not an ISO-8601 time: " + s);
            }
        }
        if (raw == double.class || raw == Double.class) {
            if (tree instanceof Number n) return n.doubleValue();
            throw new WireException("expected a number, got " + kind(tree));
        }
        if (raw.isEnum() && WireName.class.isAssignableFrom(raw)) {
            if (!(tree instanceof String s)) throw new WireException("expected a string, got " + kind(tree));
            for (Object c : raw.getEnumConstants()) {
                if (((WireName) c).wire().equals(s)) return c;
            }
            throw new WireException("unknown " + raw.getSimpleName() + " '" + s + "'");
        }
        throw new WireException("unsupported type " + raw.getName());
    }

    private static Object record(Map<String, Object> m, Class<?> type) {
        Shape shape = shape(type);
        Object[] values = new Object[shape.keys().length];
        for (int i = 0; i < values.length; i++) {
            String key = shape.keys()[i];
            if (shape.unwrapped()[i]) {
                values[i] = record(m, rawClass(shape.types()[i]));
                continue;
            }
            try {
                values[i] = fromTree(m.get(key), shape.types()[i]);
            } catch (WireException e) {
                throw new WireException(type.getSimpleName() + "." + key + ": " + e.getMessage());
            }
        }
        try {
            return shape.constructor().newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // The record's own validation refused the value: that is the peer's mistake.
            Throwable cause = e.getCause();
            throw new WireException(type.getSimpleName() + ": " + (cause == null ? e : cause.getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long integral(Object tree) {
        if (tree instanceof Long l) return l;
        if (tree instanceof Integer i) return i;
        if (tree instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return d.longValue();
        throw new WireException("expected an integer, got " + kind(tree));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object tree, Class<?> type) {
        if (tree instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new WireException("expected an object for " + type.getSimpleName() + ", got " + kind(tree));
    }

    private static Map<String, Class<?>> subtypes(Class<?> sealed) {
        return SUBTYPES.computeIfAbsent(sealed, s -> {
            Map<String, Class<?>> m = new HashMap<>();
            for (Class<?> c : s.getPermittedSubclasses()) m.put(snake(c.getSimpleName()), c);
            return m;
        });
    }

    private static String kind(Object tree) {
        return switch (tree) {
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> tree.getClass().getSimpleName();
        };
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalArgumentException("unsupported type " + t);
    }

    private static Type typeArg(Type t, int i) {
        if (t instanceof ParameterizedType p) return p.getActualTypeArguments()[i];
        return Object.class;
    }

    /** camelCase or PascalCase to snake_case: uptimeMs -> uptime_ms, ListInstances -> list_instances. */
    public static String snake(String name) {
        return jpm.ecosystem.Pm2Vocabulary.snakeCase(name);
    }
}
