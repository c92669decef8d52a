package jpm.json;

import java.util.List;
import java.util.Map;

/** The text of plain JSON values ({@link Json#write}, {@link Json#writePretty}, {@link Json#append}). */
final class JsonWriter {
    private JsonWriter() {}

    /** @param indent null for compact text, else the indentation of one level */
    static void write(Object v, StringBuilder sb, String indent, int level) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> quote(s, sb);
            case Boolean b -> sb.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
            case Float f when f.isNaN() || f.isInfinite() -> sb.append("null");
            case Number n -> sb.append(n);
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(',');
                    first = false;
                    newline(sb, indent, level + 1);
                    quote(String.valueOf(e.getKey()), sb);
                    sb.append(indent == null ? ":" : ": ");
                    write(e.getValue(), sb, indent, level + 1);
                }
                if (!m.isEmpty()) newline(sb, indent, level);
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(',');
                    newline(sb, indent, level + 1);
                    write(l.get(i), sb, indent, level + 1);
                }
                if (!l.isEmpty()) newline(sb, indent, level);
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void newline(StringBuilder sb, String indent, int level) {
        if (indent == null) return;
        sb.append('\n');
        sb.append(indent.repeat(level));
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        // runs of plain characters are appended whole: an `ls` of 10,000 instances quotes 300,000 strings
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x7f || c > 0x9f)) continue;
            sb.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                // C0, DEL and C1 as escapes: JSON printed on a terminal (`jpm logs --json`) must not drive it
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append(s, run, s.length());
        sb.append('"');
    }
}
