package jpm.ecosystem;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words like a POSIX shell, without expanding anything: blanks separate
 * words, single quotes keep everything literally, double quotes keep everything but
 * {@code \" \\ \$ \`}, and a backslash outside quotes keeps the next character. Used for
 * {@code args}, {@code interpreter_args} and a {@code script} written as a command line.
 */
final class ShellWords {
    private ShellWords() {}

    /** @throws IllegalArgumentException with a user-facing reason for an unterminated quote */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ', '\t', '\n', '\r' -> {
                    if (inWord) words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                case '\'' -> {
                    int end = s.indexOf('\'', i + 1);
                    if (end < 0) throw new IllegalArgumentException("unterminated ' quote");
                    cur.append(s, i + 1, end);
                    i = end;
                    inWord = true;
                }
                case '"' -> {
                    i++;
                    for (; i < s.length() && s.charAt(i) != '"'; i++) {
                        char d = s.charAt(i);
                        if (d == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) d = s.charAt(++i);
                        cur.append(d);
                    }
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated \" quote");
                    inWord = true;
                }
                case '\\' -> {
                    if (i + 1 < s.length()) cur.append(s.charAt(++i));
                    inWord = true;
                }
                default -> {
                    cur.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }
}
