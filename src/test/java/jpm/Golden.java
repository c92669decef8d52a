package jpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A section of a checked-in text file that a test renders from code (a docs table from the
 * registry it documents). The section lies between the lines {@code <!-- BEGIN name ... -->}
 * and {@code <!-- END name -->}. A test compares it with what it renders, so code and docs
 * cannot drift apart; run the test with {@code -Djpm.golden.update=true} to rewrite the section
 * instead, then review the diff.
 */
public final class Golden {
    public static final String UPDATE_PROPERTY = "jpm.golden.update";

    private Golden() {}

    /**
     * Asserts that the named section of {@code file} is {@code rendered} (whole lines, ending in
     * a newline), or rewrites it when {@value #UPDATE_PROPERTY} is true.
     */
    public static void assertSection(Path file, String name, String rendered) {
        String text = read(file);
        String begin = "<!-- BEGIN " + name;
        String end = "<!-- END " + name + " -->";
        int b = lineStarting(text, begin, 0);
        if (b < 0) throw new AssertionError(file + " has no line starting with '" + begin + "'");
        int from = text.indexOf('\n', b) + 1;
        int to = lineStarting(text, end, from);
        if (from == 0 || to < 0) throw new AssertionError(file + ": section " + name + " has no line '" + end + "' after its BEGIN");
        String current = text.substring(from, to);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            if (!current.equals(rendered)) write(file, text.substring(0, from) + rendered + text.substring(to));
            return;
        }
        assertThat(current).as(file + ", section " + name + ", is not what the code renders: run this test with -D"
                + UPDATE_PROPERTY + "=true to rewrite it, then review the diff").isEqualTo(rendered);
    }

    /** The offset of the first line at or after {@code from} that starts with {@code prefix}, or -1. */
    private static int lineStarting(String text, String prefix, int from) {
        for (int i = from; i < text.length(); i = text.indexOf('\n', i) + 1) {
            if (text.startsWith(prefix, i)) return i;
            if (text.indexOf('\n', i) < 0) break;
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
