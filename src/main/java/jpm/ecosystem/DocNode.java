package jpm.ecosystem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed form of an ecosystem file, the same whether it was YAML or JSON: maps, lists and
 * scalars, each with the position where it starts, so every later check (key names, schema,
 * binding) can say {@code file:line:col}. Scalars hold {@code String}, {@code Long},
 * {@code BigInteger}, {@code Double}, {@code Boolean} or {@code null}.
 */
sealed interface DocNode permits DocNode.MapNode, DocNode.ListNode, DocNode.ScalarNode {
    /** 1-based line and column. */
    record Position(int line, int column) {
        static final Position NONE = new Position(0, 0);
    }

    Position position();

    /** A key of a map: its text, and where the key (not its value) was written. */
    record Entry(String key, Position keyPosition, DocNode value) {}

    /** Keys in file order; a key appears once (readers reject duplicates). */
    record MapNode(Position position, Map<String, Entry> entries) implements DocNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        DocNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    record ListNode(Position position, List<DocNode> items) implements DocNode {
        public ListNode {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }
    }

    record ScalarNode(Position position, Object value) implements DocNode {}

    /** A short name of the node's type for messages: map, list, string, integer, number, boolean, null. */
    static String typeName(DocNode n) {
        return switch (n) {
            case MapNode m -> "map";
            case ListNode l -> "list";
            case ScalarNode s -> switch (s.value()) {
                case null -> "null";
                case String str -> "string";
                case Boolean b -> "boolean";
                case Long l -> "integer";
                case java.math.BigInteger b -> "integer";
                default -> "number";
            };
        };
    }
}
