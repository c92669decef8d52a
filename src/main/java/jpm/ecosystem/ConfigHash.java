package jpm.ecosystem;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A hash of a record's whole value, to tell whether a configuration changed. Every component
 * counts unless it is named in {@code excluded}: docker compose's ServiceHash works the same
 * way (it hashes the whole service and clears only what must not force a recreate), so a
 * component added to the record later counts without anyone having to remember it. A
 * hand-written list of fields works the other way round, and a forgotten field goes unseen.
 *
 * <p>The hashed text is the version tag, then one line per component in declaration order,
 * {@code name=length:value}, length-prefixed so that no value can imitate a line boundary.
 * Lists hash their size and then each item, maps their size and then each key and value in key
 * order, nested records their components under {@code name.}. Pure.
 */
public final class ConfigHash {
    private ConfigHash() {}

    /** 24 hex characters (96 bits) of SHA-256 over the canonical text of {@code value}. */
    public static String of(Record value, String version, Set<String> excluded) {
        StringBuilder sb = new StringBuilder(version).append('\n');
        components(sb, "", value, excluded);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each record type's components, looked up once: getRecordComponents builds new objects on every call. */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private static void components(StringBuilder sb, String prefix, Record value, Set<String> excluded) {
        for (RecordComponent c : COMPONENTS.get(value.getClass())) {
            if (excluded.contains(c.getName())) continue;
            try {
                value(sb, prefix + c.getName(), c.getAccessor().invoke(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + value.getClass().getSimpleName() + "." + c.getName(), e);
            }
        }
    }

    private static void value(StringBuilder sb, String name, Object v) {
        switch (v) {
            case null -> line(sb, name, "\u0001null");
            case String s -> line(sb, name, s);
            case Boolean b -> line(sb, name, b.toString());
            case Number n -> line(sb, name, n.toString());
            case Enum<?> e -> line(sb, name, e.name());
            case List<?> l -> {
                line(sb, name + ".size", Integer.toString(l.size()));
                for (int i = 0; i < l.size(); i++) value(sb, name + "." + i, l.get(i));
            }
            case Map<?, ?> m -> {
                line(sb, name + ".size", Integer.toString(m.size()));
                // the key is a value too (length-prefixed): a key cannot imitate another line
                new TreeMap<>(m).forEach((k, x) -> {
                    value(sb, name + ".key", k);
                    value(sb, name + ".value", x);
                });
            }
            case Record r -> components(sb, name + ".", r, Set.of());
            // a component of a type this class cannot write canonically must be decided, not guessed
            default -> throw new IllegalArgumentException("cannot hash " + name + " of type " + v.getClass().getName());
        }
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
    }
}
