package jpm.ecosystem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.DocNode.Position;

/**
 * One app with its keys renamed to jpm's canonical ones (PM2's aliases and camelCase forms
 * resolved), before validation. Each field remembers the key as written and where, so messages
 * point at what the user wrote: {@code /apps/0/exec} at the line of {@code exec}, not a
 * {@code script} that is not in the file.
 *
 * @param pointer the app's JSON pointer in the file ({@code /apps/1}, {@code /pm2}, {@code ""})
 */
record CanonicalApp(int index, String pointer, Position position, Map<String, Field> fields) {
    /** A value under its canonical key, with the key the file used. */
    record Field(String writtenKey, Position keyPosition, DocNode value) {}

    /** Where a value is: its pointer as written in the file, and its position. */
    record Located(String pointer, Position position) {}

    CanonicalApp {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    DocNode value(String key) {
        Field f = fields.get(key);
        return f == null ? null : f.value();
    }

    /** The pointer, as written in the file, of a canonical key of this app. */
    String pointerOf(String key) {
        Field f = fields.get(key);
        return Diagnostics.child(pointer, f == null ? key : f.writtenKey());
    }

    Located locate(String key) {
        Field f = fields.get(key);
        return f == null ? new Located(pointer, position) : new Located(pointerOf(key), f.value().position());
    }

    /**
     * Locates a path below the app (canonical key first, then keys and indexes as in the file):
     * the deepest node that exists, so a missing key points at the map that lacks it.
     */
    Located locate(List<String> path) {
        if (path.isEmpty()) return new Located(pointer, position);
        Field f = fields.get(path.getFirst());
        if (f == null) return new Located(pointer, position);
        String p = pointerOf(path.getFirst());
        DocNode node = f.value();
        for (String token : path.subList(1, path.size())) {
            DocNode next = switch (node) {
                case DocNode.MapNode m -> m.get(token);
                case DocNode.ListNode l -> {
                    try {
                        int i = Integer.parseInt(token);
                        yield i >= 0 && i < l.items().size() ? l.items().get(i) : null;
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                case DocNode.ScalarNode s -> null;
            };
            if (next == null) break;
            p = Diagnostics.child(p, token);
            node = next;
        }
        return new Located(p, node.position());
    }
}
