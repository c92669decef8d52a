package jpm.cli;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The properties written in a JavaScript source ({@code key: value} inside object literals),
 * each with the text of its value and whether that value is a literal, so that {@code jpm
 * convert} can say which values of an ecosystem.config.js were computed and from what
 * expression. Not a JavaScript parser: a tokenizer that knows strings, template literals,
 * comments, regular expressions and brackets, which is what finding where a value ends needs.
 * Shorthand properties ({@code { cwd }}) and computed keys ({@code [k]: v}) are not reported.
 * Pure.
 */
final class JsProperties {
    /**
     * One {@code key: value} of an object literal, in source order; {@code expression} is the
     * value's text. {@code container}: an object literal, or an array literal whose items are
     * literals or object or array literals, whose members say for themselves what they are.
     */
    record Property(String key, String expression, boolean literal, boolean container) {}

    private enum Kind { STRING, TEMPLATE, TEMPLATE_WITH_SUBSTITUTION, NUMBER, IDENT, PUNCT, REGEX }

    private record Token(Kind kind, int start, int end, String text) {}

    private static final Set<String> LITERAL_WORDS = Set.of("true", "false", "null", "undefined");

    private JsProperties() {}

    static List<Property> of(String source) {
        List<Token> tokens = tokens(source);
        List<Property> out = new ArrayList<>();
        Deque<String> brackets = new ArrayDeque<>();
        for (int j = 0; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.kind() == Kind.PUNCT && isOpen(t.text())) brackets.push(t.text());
            if (t.kind() == Kind.PUNCT && isClose(t.text()) && !brackets.isEmpty()) brackets.pop();
            if (j == 0 || !"{".equals(brackets.peek()) || j + 2 >= tokens.size()) continue;
            Token before = tokens.get(j - 1);
            boolean keyPosition = before.kind() == Kind.PUNCT && (before.text().equals("{") || before.text().equals(","));
            boolean keyToken = t.kind() == Kind.IDENT || t.kind() == Kind.STRING || t.kind() == Kind.NUMBER;
            Token colon = tokens.get(j + 1);
            if (!keyPosition || !keyToken || colon.kind() != Kind.PUNCT || !colon.text().equals(":")) continue;
            int end = valueEnd(tokens, j + 2);
            if (end <= j + 2) continue;
            String key = t.kind() == Kind.STRING ? unquote(t.text()) : t.text();
            String expression = source.substring(tokens.get(j + 2).start(), tokens.get(end - 1).end());
            List<Token> value = tokens.subList(j + 2, end);
            out.add(new Property(key, expression, literal(value), container(value)));
        }
        return out;
    }

    /** The index after a value's last token: the ',' or closing bracket at its own depth. */
    private static int valueEnd(List<Token> tokens, int from) {
        int depth = 0;
        for (int k = from; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.kind() != Kind.PUNCT) continue;
            if (isOpen(t.text())) depth++;
            else if (isClose(t.text())) {
                if (depth == 0) return k;
                depth--;
            } else if (t.text().equals(",") && depth == 0) {
                return k;
            }
        }
        return tokens.size();
    }

    /** Strings, numbers, true/false/null, and arrays and objects of them, nothing computed. */
    private static boolean literal(List<Token> value) {
        for (int i = 0; i < value.size(); i++) {
            Token t = value.get(i);
            Token next = i + 1 < value.size() ? value.get(i + 1) : null;
            boolean isKey = next != null && next.kind() == Kind.PUNCT && next.text().equals(":");
            boolean ok = switch (t.kind()) {
                case STRING, TEMPLATE, NUMBER -> true;
                case IDENT -> LITERAL_WORDS.contains(t.text()) || isKey;
                case PUNCT -> Set.of("[", "]", "{", "}", ",", ":").contains(t.text())
                        || (t.text().equals("-") || t.text().equals("+")) && next != null && next.kind() == Kind.NUMBER;
                case TEMPLATE_WITH_SUBSTITUTION, REGEX -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    private static boolean container(List<Token> value) {
        if (!bracketed(value, "{") && !bracketed(value, "[")) return false;
        if (value.getFirst().text().equals("{")) return true;
        int from = 1;
        while (from < value.size() - 1) {
            int end = valueEnd(value, from);
            List<Token> item = value.subList(from, end);
            if (!item.isEmpty() && !literal(item) && !bracketed(item, "{") && !bracketed(item, "[")) return false;
            from = end + 1;
        }
        return true;
    }

    /** Whether the tokens are one bracketed whole: an opening {@code open} and its own closing bracket last. */
    private static boolean bracketed(List<Token> tokens, String open) {
        if (tokens.isEmpty() || tokens.getFirst().kind() != Kind.PUNCT || !tokens.getFirst().text().equals(open)) return false;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.PUNCT) continue;
            if (isOpen(t.text())) depth++;
            else if (isClose(t.text()) && --depth == 0) return i == tokens.size() - 1;
        }
        return false;
    }

    private static boolean isOpen(String p) {
        return p.equals("{") || p.equals("[") || p.equals("(");
    }

    private static boolean isClose(String p) {
        return p.equals("}") || p.equals("]") || p.equals(")");
    }

    private static String unquote(String s) {
        return s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        if (s.startsWith("#!")) i = lineEnd(s, 0); // a hashbang line
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("//", i)) {
                i = lineEnd(s, i);
            } else if (s.startsWith("/*", i)) {
                int e = s.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '\'' || c == '"') {
                int e = stringEnd(s, i);
                out.add(new Token(Kind.STRING, i, e, s.substring(i, e)));
                i = e;
            } else if (c == '`') {
                boolean[] substituted = {false};
                int e = templateEnd(s, i, substituted);
                out.add(new Token(substituted[0] ? Kind.TEMPLATE_WITH_SUBSTITUTION : Kind.TEMPLATE, i, e, s.substring(i, e)));
                i = e;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int e = i + 1;
                while (e < n && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '.' || s.charAt(e) == '_')) e++;
                out.add(new Token(Kind.NUMBER, i, e, s.substring(i, e)));
                i = e;
            } else if (Character.isJavaIdentifierStart(c)) {
                int e = i + 1;
                while (e < n && Character.isJavaIdentifierPart(s.charAt(e))) e++;
                out.add(new Token(Kind.IDENT, i, e, s.substring(i, e)));
                i = e;
            } else if (c == '/' && regexMayStart(out)) {
                int e = regexEnd(s, i);
                out.add(new Token(Kind.REGEX, i, e, s.substring(i, e)));
                i = e;
            } else {
                out.add(new Token(Kind.PUNCT, i, i + 1, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private static int lineEnd(String s, int i) {
        int e = s.indexOf('\n', i);
        return e < 0 ? s.length() : e + 1;
    }

    private static int stringEnd(String s, int i) {
        char q = s.charAt(i);
        int k = i + 1;
        while (k < s.length() && s.charAt(k) != q && s.charAt(k) != '\n') k += s.charAt(k) == '\\' ? 2 : 1;
        return Math.min(k + 1, s.length());
    }

    /** The end of a template literal, skipping each {@code ${...}} with whatever it holds. */
    private static int templateEnd(String s, int i, boolean[] substituted) {
        int k = i + 1;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c == '\\') k += 2;
            else if (c == '`') return k + 1;
            else if (c == '$' && k + 1 < s.length() && s.charAt(k + 1) == '{') {
                substituted[0] = true;
                k = substitutionEnd(s, k + 2);
            } else k++;
        }
        return s.length();
    }

    /** After the closing brace of a {@code ${...}} that starts at {@code i} (after the brace). */
    private static int substitutionEnd(String s, int i) {
        int depth = 0;
        int k = i;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c == '\'' || c == '"') k = stringEnd(s, k);
            else if (c == '`') k = templateEnd(s, k, new boolean[1]);
            else if (c == '{') {
                depth++;
                k++;
            } else if (c == '}') {
                if (depth == 0) return k + 1;
                depth--;
                k++;
            } else k++;
        }
        return s.length();
    }

    /** A '/' starts a regular expression where an expression may start (not after a value). */
    private static boolean regexMayStart(List<Token> before) {
        if (before.isEmpty()) return true;
        Token t = before.getLast();
        return switch (t.kind()) {
            case PUNCT -> !t.text().equals(")") && !t.text().equals("]") && !t.text().equals("}");
            case IDENT -> Set.of("return", "typeof", "case", "in", "of", "new", "delete", "void", "throw").contains(t.text());
            default -> false;
        };
    }

    private static int regexEnd(String s, int i) {
        int k = i + 1;
        boolean inClass = false;
        while (k < s.length() && s.charAt(k) != '\n') {
            char c = s.charAt(k);
            if (c == '\\') k++;
            else if (c == '[') inClass = true;
            else if (c == ']') inClass = false;
            else if (c == '/' && !inClass) {
                k++;
                while (k < s.length() && Character.isLetter(s.charAt(k))) k++; // flags
                return k;
            }
            k++;
        }
        return k;
    }
}
