package jpm.ecosystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.Diagnostic.Severity;

/**
 * Where one app of a loaded file was written, for tools that translate the file into something
 * else ({@code jpm export}): they must say {@code file:line:col} of an attribute they cannot
 * carry over, and read the app's {@code x-} extension blocks, which the app itself ignores.
 */
public final class AppOrigin {
    private final String file;
    private final CanonicalApp app;

    AppOrigin(String file, CanonicalApp app) {
        this.file = file;
        this.app = app;
    }

    /** Whether the file wrote the attribute (canonical name, or an alias of it) for this app. */
    public boolean wrote(String attribute) {
        return app.fields().containsKey(attribute);
    }

    /**
     * A finding about a value of this app, at the value if the file wrote it, else at the deepest
     * part of its path the file wrote, else at the app.
     *
     * @param path a canonical attribute and the keys or indexes below it, separated by {@code /}:
     *     {@code watch}, {@code env/API_TOKEN}, {@code x-kubernetes/resources/limits}
     */
    public Diagnostic at(String path, Severity severity, String message) {
        CanonicalApp.Located at = app.locate(List.of(path.split("/", -1)));
        return new Diagnostic(file, at.position().line(), at.position().column(), at.pointer(), message, severity);
    }

    /**
     * The value of an extension block ({@code x-kubernetes}) as plain Java values: maps (in file
     * order) of String to values, lists, String, Long, BigInteger, Double, Boolean, or null when the
     * file has no such block.
     */
    public Object extension(String key) {
        if (!Pm2Vocabulary.isExtension(key)) throw new IllegalArgumentException("not an extension key: " + key);
        DocNode n = app.value(key);
        return n == null ? null : plain(n);
    }

    private static Object plain(DocNode n) {
        return switch (n) {
            case DocNode.ScalarNode s -> s.value();
            case DocNode.ListNode l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (DocNode item : l.items()) out.add(plain(item));
                yield out;
            }
            case DocNode.MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, e) -> out.put(k, plain(e.value())));
                yield out;
            }
        };
    }
}
