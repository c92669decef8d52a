package jpm.ecosystem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jpm.ecosystem.DocNode.Entry;
import jpm.ecosystem.DocNode.Position;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML into {@link DocNode}s, safe by construction: snakeyaml-engine only composes
 * nodes (nothing is constructed, so no tag can create an object), tags other than the core ones
 * are refused, duplicate keys are errors, and aliases, depth and size are bounded. CoreSchema
 * reads {@code ~}, numbers and merge keys ({@code <<}) the way PM2's YAML parser does, and keeps
 * YAML 1.1's {@code yes}/{@code no} as strings.
 */
final class YamlReader {
    /** Deeper nesting is refused before composing: the composer recurses and would overflow. */
    static final int MAX_DEPTH = 64;
    /** Aliases of collections (snakeyaml-engine's bound; a billion-laughs file needs many more). */
    static final int MAX_ALIASES = 50;
    /** Nodes after expanding aliases; a real ecosystem file has a few hundred. */
    static final int MAX_NODES = 100_000;

    private final Diagnostics diagnostics;
    private int nodes;

    private YamlReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The document's root, or null for an empty document; duplicate keys go to diagnostics. */
    static DocNode read(String text, Diagnostics diagnostics) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(diagnostics.file())
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(EcosystemLoader.MAX_FILE_BYTES)
                .setUseMarks(true)
                .build();
        try {
            checkDepth(settings, text);
            Optional<Node> root = new Compose(settings).composeString(text);
            return root.isEmpty() ? null : new YamlReader(diagnostics).convert(root.get(), "", 0);
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().or(e::getContextMark).map(YamlReader::position).orElse(Position.NONE);
            throw new Diagnostics.Fatal(at, "invalid YAML: " + problem(e, at));
        } catch (YamlEngineException e) {
            throw new Diagnostics.Fatal(Position.NONE, "invalid YAML: " + e.getMessage());
        }
    }

    /**
     * A first pass over the parse events, iterative, counting collection depth: it rejects
     * 10,000 nested brackets in milliseconds where composing them would overflow the stack
     * (docs/performance.md, "Facts the code relies on").
     */
    private static void checkDepth(LoadSettings settings, String text) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            switch (e.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        throw new Diagnostics.Fatal(e.getStartMark().map(YamlReader::position).orElse(Position.NONE),
                                "nesting deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> { }
            }
        }
    }

    private DocNode convert(Node node, String pointer, int depth) {
        Position at = node.getStartMark().map(YamlReader::position).orElse(Position.NONE);
        if (++nodes > MAX_NODES) {
            throw new Diagnostics.Fatal(at, "more than " + MAX_NODES + " values after expanding aliases");
        }
        // aliases can nest an anchored collection inside itself or stack depth beyond the event depth
        if (node.isRecursive()) throw new Diagnostics.Fatal(at, "an alias refers to a collection that contains it");
        if (depth > MAX_DEPTH) throw new Diagnostics.Fatal(at, "nesting deeper than " + MAX_DEPTH + " levels after expanding aliases");
        return switch (node) {
            case ScalarNode s -> new DocNode.ScalarNode(at, scalar(s, at));
            case SequenceNode seq -> {
                requireTag(seq, Tag.SEQ, at);
                List<DocNode> items = new ArrayList<>();
                for (Node item : seq.getValue()) items.add(convert(item, Diagnostics.child(pointer, Integer.toString(items.size())), depth + 1));
                yield new DocNode.ListNode(at, items);
            }
            case MappingNode map -> {
                requireTag(map, Tag.MAP, at);
                Map<String, Entry> entries = new LinkedHashMap<>();
                for (NodeTuple t : map.getValue()) {
                    Node k = t.getKeyNode();
                    Position keyAt = k.getStartMark().map(YamlReader::position).orElse(at);
                    if (!(k instanceof ScalarNode ks)) throw new Diagnostics.Fatal(keyAt, "a key must be a plain value, not a list or map");
                    requireScalarTag(ks, keyAt);
                    String key = ks.getValue();
                    String childPointer = Diagnostics.child(pointer, key);
                    Entry first = entries.get(key);
                    if (first != null) {
                        diagnostics.error(keyAt, childPointer, duplicate(key, first.keyPosition()));
                        continue;
                    }
                    entries.put(key, new Entry(key, keyAt, convert(t.getValueNode(), childPointer, depth + 1)));
                }
                yield new DocNode.MapNode(at, entries);
            }
            default -> throw new Diagnostics.Fatal(at, "unsupported YAML node");
        };
    }

    static String duplicate(String key, Position first) {
        return "duplicate key '" + key + "' (first at " + first.line() + ":" + first.column() + ")";
    }

    private static void requireTag(Node n, Tag expected, Position at) {
        if (!n.getTag().equals(expected)) throw new Diagnostics.Fatal(at, "tag " + shownTag(n.getTag()) + " is not allowed: only plain values, lists and maps");
    }

    private static void requireScalarTag(ScalarNode s, Position at) {
        Tag t = s.getTag();
        if (!(t.equals(Tag.STR) || t.equals(Tag.INT) || t.equals(Tag.FLOAT) || t.equals(Tag.BOOL) || t.equals(Tag.NULL))) {
            throw new Diagnostics.Fatal(at, "tag " + shownTag(t) + " is not allowed: only plain values, lists and maps");
        }
    }

    private static Object scalar(ScalarNode s, Position at) {
        requireScalarTag(s, at);
        String text = s.getValue();
        Tag t = s.getTag();
        try {
            if (t.equals(Tag.STR)) return text;
            if (t.equals(Tag.NULL)) return null;
            if (t.equals(Tag.BOOL)) return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
            if (t.equals(Tag.INT)) return integer(text);
            double d = Double.parseDouble(text);
            // .inf and .nan are no JSON values: keep the text, a string field may still want it
            return Double.isFinite(d) ? (Object) d : text;
        } catch (NumberFormatException e) {
            if (t.equals(Tag.FLOAT) && text.toLowerCase(Locale.ROOT).matches("[-+]?\\.(inf|nan)")) return text;
            throw new Diagnostics.Fatal(at, "'" + text + "' is not a valid " + t.getValue().substring(t.getValue().lastIndexOf(':') + 1));
        }
    }

    /** CoreSchema integers: decimal with a sign, 0o octal, 0x hexadecimal. */
    static Object integer(String text) {
        BigInteger v;
        if (text.startsWith("0o")) v = new BigInteger(text.substring(2), 8);
        else if (text.startsWith("0x")) v = new BigInteger(text.substring(2), 16);
        else v = new BigInteger(text);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Position position(Mark m) {
        return new Position(m.getLine() + 1, m.getColumn() + 1);
    }

    /** "found unexpected end of stream (while scanning a quoted scalar at 3:13)": the context says where it began. */
    private static String problem(MarkedYamlEngineException e, Position at) {
        String p = e.getProblem() == null ? "" : e.getProblem().strip();
        String c = e.getContext() == null ? "" : e.getContext().strip();
        if (p.isEmpty()) return c.isEmpty() ? "syntax error" : c;
        if (c.isEmpty()) return p;
        Position from = e.getContextMark().map(YamlReader::position).orElse(at);
        return p + " (" + c + (from.equals(at) ? "" : " at " + from.line() + ":" + from.column()) + ")";
    }

    /** A tag as the user wrote it: {@code !!python/object} rather than its long form. */
    private static String shownTag(Tag t) {
        String v = t.getValue();
        return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
    }
}
