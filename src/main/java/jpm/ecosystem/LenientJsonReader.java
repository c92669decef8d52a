package jpm.ecosystem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.ecosystem.DocNode.Entry;
import jpm.ecosystem.DocNode.Position;

/**
 * Reads a {@code .json} ecosystem file the way PM2 does, which evaluates it as JavaScript: besides
 * strict JSON it accepts comments, unquoted keys, single-quoted strings, trailing commas, loose
 * escapes ({@code "\d"} is {@code d}), a leading {@code +}, {@code .5} and hexadecimal numbers
 * (real PM2 files need them). It remembers which of these it met, for the one info line
 * that says so. Nesting is bounded, duplicate keys are errors, positions are 1-based.
 */
final class LenientJsonReader {
    private final String text;
    private final Diagnostics diagnostics;
    private final Set<String> leniencies = new LinkedHashSet<>();
    private Position firstLeniency;
    private int pos;
    private int line = 1;
    private int lineStart;

    private LenientJsonReader(String text, Diagnostics diagnostics) {
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /** What was read, and where the first non-JSON syntax was met (null when the file is strict JSON). */
    record Result(DocNode root, Position firstLeniency, List<String> leniencies) {}

    static Result read(String text, Diagnostics diagnostics) {
        LenientJsonReader r = new LenientJsonReader(text, diagnostics);
        r.skipSpace();
        if (r.pos >= text.length()) return new Result(null, null, List.of());
        DocNode root = r.value("", 0);
        r.skipSpace();
        if (r.pos < text.length()) throw r.fatal("unexpected text after the end of the document");
        return new Result(root, r.firstLeniency, List.copyOf(r.leniencies));
    }

    private DocNode value(String pointer, int depth) {
        if (depth >= YamlReader.MAX_DEPTH) throw fatal("nesting deeper than " + YamlReader.MAX_DEPTH + " levels");
        if (pos >= text.length()) throw fatal("unexpected end of file");
        Position at = here();
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(pointer, depth, at);
            case '[' -> array(pointer, depth, at);
            case '"', '\'' -> new DocNode.ScalarNode(at, string());
            default -> {
                if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) yield new DocNode.ScalarNode(at, number());
                String word = identifier();
                yield switch (word) {
                    case "true" -> new DocNode.ScalarNode(at, Boolean.TRUE);
                    case "false" -> new DocNode.ScalarNode(at, Boolean.FALSE);
                    case "null" -> new DocNode.ScalarNode(at, null);
                    case "" -> throw fatal("unexpected character '" + c + "'");
                    default -> {
                        pos -= word.length();
                        throw fatal("unexpected word '" + word + "' (strings need quotes)");
                    }
                };
            }
        };
    }

    private DocNode object(String pointer, int depth, Position at) {
        pos++;
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return new DocNode.MapNode(at, entries);
            }
            Position keyAt = here();
            String key;
            char c = peek();
            if (c == '"' || c == '\'') {
                key = string();
            } else {
                key = identifier();
                if (key.isEmpty()) throw fatal(c == 0 ? "unexpected end of file in an object" : "expected a key or '}', found '" + c + "'");
                lenient("unquoted keys", keyAt);
            }
            skipSpace();
            if (peek() != ':') throw fatal("expected ':' after key '" + key + "'");
            pos++;
            skipSpace();
            String childPointer = Diagnostics.child(pointer, key);
            DocNode v = value(childPointer, depth + 1);
            Entry first = entries.get(key);
            if (first != null) {
                diagnostics.error(keyAt, childPointer, YamlReader.duplicate(key, first.keyPosition()));
            } else {
                entries.put(key, new Entry(key, keyAt, v));
            }
            afterMember('}', "an object");
        }
    }

    private DocNode array(String pointer, int depth, Position at) {
        pos++;
        List<DocNode> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == ']') {
                pos++;
                return new DocNode.ListNode(at, items);
            }
            items.add(value(Diagnostics.child(pointer, Integer.toString(items.size())), depth + 1));
            afterMember(']', "a list");
        }
    }

    /** After a member of an object or list: a comma (trailing ones allowed) or the closing bracket. */
    private void afterMember(char close, String what) {
        skipSpace();
        char sep = peek();
        if (sep == ',') {
            Position commaAt = here();
            pos++;
            skipSpace();
            if (peek() == close) lenient("trailing commas", commaAt);
        } else if (sep != close) {
            throw fatal(sep == 0 ? "unexpected end of file in " + what : "expected ',' or '" + close + "', found '" + sep + "'");
        }
    }

    private String string() {
        Position at = here();
        char quote = text.charAt(pos++);
        if (quote == '\'') lenient("single quotes", at);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw fatal("unterminated string");
            char c = text.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c == '\n' || c == '\r') {
                pos--;
                throw fatal("unterminated string (a line break inside quotes)");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw fatal("unterminated string");
            Position escAt = new Position(line, pos - lineStart);
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) hex(4));
                case 'x' -> {
                    lenient("loose escapes", escAt);
                    sb.append((char) hex(2));
                }
                case '\n' -> {
                    // JavaScript line continuation
                    lenient("loose escapes", escAt);
                    newLine();
                }
                default -> {
                    // JavaScript keeps the character of an unknown escape ("\d" is "d"); \' and \0 included
                    lenient("loose escapes", escAt);
                    sb.append(e == '0' ? '\0' : e == 'v' ? '\u000B' : e);
                }
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) throw fatal("incomplete escape");
        try {
            int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw fatal("invalid escape: expected " + digits + " hexadecimal digits");
        }
    }

    private Object number() {
        Position at = here();
        int start = pos;
        if (peek() == '+') lenient("numbers JSON does not allow", at);
        if (peek() == '+' || peek() == '-') pos++;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            lenient("numbers JSON does not allow", at);
            pos += 2;
            int digits = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) pos++;
            if (pos == digits) throw fatal("invalid hexadecimal number");
            BigInteger v = new BigInteger(text.substring(digits, pos), 16);
            if (text.charAt(start) == '-') v = v.negate();
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        }
        int intStart = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        boolean fraction = false;
        if (peek() == '.') {
            fraction = true;
            pos++;
            int fracStart = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            if (fracStart == pos || intStart == fracStart - 1) lenient("numbers JSON does not allow", at);
        }
        if (pos == intStart || (pos == intStart + 1 && fraction)) throw fatal("invalid number");
        if (peek() == 'e' || peek() == 'E') {
            fraction = true;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            int expStart = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            if (expStart == pos) throw fatal("invalid number: no digits after the exponent");
        }
        if (Character.isLetterOrDigit(peek())) throw fatal("invalid number");
        String literal = text.substring(start, pos);
        if (literal.startsWith("+")) literal = literal.substring(1);
        if (!fraction) return YamlReader.integer(literal);
        double d = Double.parseDouble(literal);
        if (!Double.isFinite(d)) throw new Diagnostics.Fatal(at, "invalid JSON: number out of range");
        return d;
    }

    /** A JavaScript identifier (an unquoted key, or true/false/null); empty if none starts here. */
    private String identifier() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) break;
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                newLine();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF' || c == '\u00A0') {
                pos++;
            } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                lenient("comments", here());
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                Position at = here();
                lenient("comments", at);
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) throw new Diagnostics.Fatal(at, "invalid JSON: unterminated comment");
                while (pos < end + 2) {
                    if (text.charAt(pos++) == '\n') newLine();
                }
            } else {
                return;
            }
        }
    }

    private void newLine() {
        line++;
        lineStart = pos;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private Position here() {
        return new Position(line, pos - lineStart + 1);
    }

    private void lenient(String what, Position at) {
        if (firstLeniency == null) firstLeniency = at;
        leniencies.add(what);
    }

    private Diagnostics.Fatal fatal(String message) {
        return new Diagnostics.Fatal(here(), "invalid JSON: " + message);
    }
}
