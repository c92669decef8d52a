package jpm.ecosystem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An app's attribute values in the shapes PM2 accepts (durations and sizes with units, a string
 * or a list, words split like a shell, JavaScript's text of a number), read from a validated
 * {@link CanonicalApp}. A value the schema already refused reads as absent, so each mistake is
 * reported once; a value that is wrong in a way the schema cannot say is reported here, at its
 * file:line:col.
 */
final class AttributeValues {
    private final Diagnostics diagnostics;

    AttributeValues(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    long duration(CanonicalApp app, String key, long dflt) {
        Object v = scalar(app, key);
        if (v == null) return dflt;
        try {
            return Quantities.durationMs(v);
        } catch (IllegalArgumentException e) {
            error(app, key, "duration " + e.getMessage());
            return dflt;
        }
    }

    /** A size in bytes (a number, or with K, M or G), 0 when absent. */
    long size(CanonicalApp app, String key) {
        Object v = scalar(app, key);
        if (v == null) return 0;
        try {
            return Quantities.memoryBytes(v);
        } catch (IllegalArgumentException e) {
            error(app, key, "size " + e.getMessage());
            return 0;
        }
    }

    long integer(CanonicalApp app, String key, long dflt) {
        Object v = scalar(app, key);
        if (v == null) return dflt;
        if (v instanceof Long l && l <= Integer.MAX_VALUE) return l;
        error(app, key, "must be at most " + Integer.MAX_VALUE + ", found " + v);
        return dflt;
    }

    List<String> stringOrList(CanonicalApp app, String key) {
        DocNode v = usable(app, key);
        if (v == null) return List.of();
        if (v instanceof DocNode.ScalarNode s) return List.of(stringify(s.value()));
        List<String> out = new ArrayList<>();
        for (DocNode item : ((DocNode.ListNode) v).items()) out.add(stringify(((DocNode.ScalarNode) item).value()));
        return out;
    }

    /** args / interpreter_args: a list as is (items stringified), or a string split like a shell. */
    List<String> wordList(CanonicalApp app, String key) {
        DocNode v = usable(app, key);
        if (v == null) return null;
        if (v instanceof DocNode.ScalarNode s && s.value() instanceof String str) return words(app, key, str);
        return stringOrList(app, key);
    }

    List<String> words(CanonicalApp app, String key, String text) {
        try {
            return ShellWords.split(text);
        } catch (IllegalArgumentException e) {
            error(app, key, "cannot split into words: " + e.getMessage());
            return null;
        }
    }

    boolean bool(CanonicalApp app, String key, boolean dflt) {
        return scalar(app, key) instanceof Boolean b ? b : dflt;
    }

    String string(CanonicalApp app, String key) {
        return scalar(app, key) instanceof String s ? s : null;
    }

    Object scalar(CanonicalApp app, String key) {
        return usable(app, key) instanceof DocNode.ScalarNode s ? s.value() : null;
    }

    /** The value under a key, or null when absent or already refused by the schema. */
    DocNode usable(CanonicalApp app, String key) {
        DocNode v = app.value(key);
        if (v == null || diagnostics.hasErrorAt(app.pointerOf(key))) return null;
        return v;
    }

    void error(CanonicalApp app, String key, String message) {
        diagnostics.error(app.locate(key).position(), app.pointerOf(key), message);
    }

    /** PM2 (JavaScript) text of a value: 3000 → "3000", 1.0 → "1", true → "true". */
    static String stringify(Object v) {
        return switch (v) {
            case null -> "";
            case String s -> s;
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
            case BigInteger b -> b.toString();
            default -> v.toString();
        };
    }
}
