package jpm.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer over plain Java values: {@code Map<String,Object>}
 * (insertion-ordered), {@code List<Object>}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} and {@code null}.
 *
 * <p>Why not Jackson: the CLI's hot path ({@code ping}, {@code ls}) must start fast, and
 * jackson-databind costs 100-150 ms on a cold JVM (docs/performance.md, "Facts the code relies on"). This class is the only JSON
 * code on that path; it rejects anything that is not RFC 8259 JSON and bounds nesting so a
 * hostile frame cannot overflow the stack.
 *
 * <p>The reader works on UTF-8 bytes, as frames arrive: strings are made straight from the
 * bytes (one copy; an ASCII string is one Latin-1 array), with no text of the whole document
 * in between. It can also bound the memory of what it builds ({@link #parse(byte[], int, int,
 * long)}): a small document can describe many objects ({@code [{},{},...]}: 3 bytes each, about
 * 60 bytes of heap each), and the daemon must not be pushed out of memory by one.
 */
public final class Json {
    /** Deeper documents are rejected: no jpm message nests anywhere near this. */
    public static final int MAX_DEPTH = 64;

    /**
     * Estimated heap bytes of what the reader builds, charged against the weight limit: about the
     * shallow sizes of the objects with compressed references (a LinkedHashMap and its table, an
     * entry, an ArrayList slot, a boxed number, a String and its array header).
     */
    static final int MAP_WEIGHT = 80;
    static final int ENTRY_WEIGHT = 48;
    static final int LIST_WEIGHT = 40;
    static final int ELEMENT_WEIGHT = 8;
    static final int NUMBER_WEIGHT = 24;
    static final int STRING_WEIGHT = 40;

    private final byte[] in;
    private final int end;
    private int pos;
    private final long maxWeight;
    private long weight;
    /**
     * Each key once: a batch of a thousand apps repeats the same few dozen keys, and one String
     * per occurrence would weigh more than the values (the duplicates die young).
     */
    private final Map<String, String> keys = new HashMap<>();
    /**
     * The same keys by a hash of their bytes, for plain ASCII keys: a key found here costs a
     * compare of its bytes and no String at all (an `ls` of 10,000 instances has 350,000 keys).
     */
    private final String[] recentKeys = new String[256];

    private Json(byte[] in, int off, int len, long maxWeight) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
        this.maxWeight = maxWeight;
    }

    /** Parses one JSON document; trailing non-space text is an error. */
    public static Object parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length, Long.MAX_VALUE);
    }

    /**
     * Parses one JSON document from UTF-8 bytes, which must be well-formed UTF-8.
     *
     * @param maxWeight the most heap, as estimated by this class, that the values built may take;
     *                  beyond it the document is refused (Long.MAX_VALUE: no bound)
     * @throws JsonException for what is not JSON or not UTF-8; {@link JsonException.TooHeavy} beyond maxWeight
     */
    public static Object parse(byte[] utf8, int off, int len, long maxWeight) {
        Json p = new Json(utf8, off, len, maxWeight);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != p.end) throw p.error("unexpected text after the JSON value");
        return v;
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        JsonWriter.write(value, sb, null, 0);
        return sb.toString();
    }

    /** Writes with two-space indentation, for humans ({@code --json} output). */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        JsonWriter.write(value, sb, "  ", 0);
        return sb.toString();
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        if (pos >= end) throw error("unexpected end of input");
        byte c = in[pos];
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected " + describe(c));
            }
        };
    }

    private Map<String, Object> object(int depth) {
        charge(MAP_WEIGHT);
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("expected a quoted key");
            String key = key();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.containsKey(key)) throw error("duplicate key \"" + key + "\"");
            charge(ENTRY_WEIGHT);
            map.put(key, value(depth + 1));
            skipSpace();
            byte c = next();
            if (c == '}') return map;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> array(int depth) {
        charge(LIST_WEIGHT);
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            charge(ELEMENT_WEIGHT);
            list.add(value(depth + 1));
            skipSpace();
            byte c = next();
            if (c == ']') return list;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    /** A key, the same String for every occurrence of its text; only its first is charged. */
    private String key() {
        int start = pos + 1;
        int close = start;
        int h = 0;
        while (close < end) {
            byte c = in[close];
            if (c == '"') break;
            if (c == '\\' || c < 0x20) { // an escape, a control or a non-ASCII byte (negative): the long way
                close = -1;
                break;
            }
            h = 31 * h + c;
            close++;
        }
        int slot = close > 0 && close < end ? (h ^ (h >>> 8)) & (recentKeys.length - 1) : -1;
        if (slot >= 0) {
            String recent = recentKeys[slot];
            if (recent != null && sameAscii(recent, start, close - start)) {
                pos = close + 1;
                return recent; // known, so charged once already
            }
        }
        long before = weight;
        String k = string();
        String known = keys.putIfAbsent(k, k);
        if (known == null) {
            charge(ENTRY_WEIGHT); // its entry in the key table
        } else {
            weight = before;
            k = known;
        }
        if (slot >= 0) recentKeys[slot] = k;
        return k;
    }

    private boolean sameAscii(String s, int from, int length) {
        if (s.length() != length) return false;
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != in[from + i]) return false;
        }
        return true;
    }

    /**
     * A string, made from the bytes directly: printable ASCII without escapes (the common case)
     * is one Latin-1 copy; anything else is decoded here, strictly, into a builder.
     */
    private String string() {
        int start = ++pos;
        while (pos < end) {
            byte c = in[pos];
            if (c == '"') {
                charge(STRING_WEIGHT + (pos - start));
                String s = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
                pos++;
                return s;
            }
            if (c == '\\' || c < 0x20) break; // an escape, a control character, or a non-ASCII byte (negative)
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16);
        sb.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
        while (true) {
            if (pos >= end) throw error("unterminated string");
            byte c = in[pos];
            if (c == '"') {
                pos++;
                charge(STRING_WEIGHT + 2L * sb.length());
                return sb.toString();
            }
            if (c >= 0 && c < 0x20) throw error("control character in string");
            if (c < 0) {
                int n = Utf8.sequenceLength(in, pos, end);
                if (n == 0) throw error("invalid UTF-8");
                sb.appendCodePoint(Utf8.codePoint(in, pos, n));
                pos += n;
                continue;
            }
            pos++;
            if (c != '\\') {
                sb.append((char) c);
                continue;
            }
            byte e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > end) throw error("short \\u escape");
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(in[pos + k], 16);
                        if (d < 0) throw error("bad \\u escape");
                        v = v << 4 | d;
                    }
                    sb.append((char) v);
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + (char) e + "'");
            }
        }
    }

    /** RFC 8259 numbers only: no leading zeros, no bare '.', no '+' sign. */
    private Object number() {
        charge(NUMBER_WEIGHT);
        int start = pos;
        if (peek() == '-') pos++;
        if (pos < end && in[pos] == '0') {
            pos++;
        } else if (digits() == 0) {
            throw error("bad number");
        }
        boolean integral = true;
        if (pos < end && in[pos] == '.') {
            pos++;
            integral = false;
            if (digits() == 0) throw error("bad number: digits must follow '.'");
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            integral = false;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) pos++;
            if (digits() == 0) throw error("bad number: digits must follow the exponent");
        }
        String s = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(s);
            }
        }
        return Double.parseDouble(s);
    }

    private int digits() {
        int n = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || in[pos + i] != word.charAt(i)) throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private byte peek() {
        if (pos >= end) throw error("unexpected end of input");
        return in[pos];
    }

    private byte next() {
        byte c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) throw error("expected '" + c + "'");
    }

    private void charge(long bytes) {
        weight += bytes;
        if (weight > maxWeight) {
            throw new JsonException.TooHeavy("too many values for its size: they would take more than " + maxWeight
                    + " bytes of memory (at offset " + pos + ")");
        }
    }

    private static String describe(byte c) {
        return c >= 0x20 && c < 0x7f ? "character '" + (char) c + "'" : String.format("byte 0x%02x", c & 0xff);
    }

    private JsonException error(String message) {
        return new JsonException(message + " at offset " + pos);
    }

    /**
     * Appends one value's compact JSON, the text {@link #write} gives it: for writers that walk
     * their own data rather than build a tree of maps first (the wire's records).
     */
    public static void append(Object value, StringBuilder sb) {
        JsonWriter.write(value, sb, null, 0);
    }
}
