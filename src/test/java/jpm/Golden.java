package jpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checked-in text that a test renders from code: a docs table from the registry it documents, a
 * table of what a state machine does. The test compares the file with what it renders, so code
 * and text cannot drift apart; with {@code -Djpm.golden.update=true} it rewrites the file
 * instead (then review the diff). A section of a file lies between the lines
 * {@code <!-- name:start ... -->} and {@code <!-- name:end -->}, as bench/all.sh marks its own.
 */
public final class Golden {
    public static final String UPDATE_PROPERTY = "jpm.golden.update";

    private Golden() {}

    /** Asserts that the named section of {@code file} is {@code rendered} (whole lines, each ending in a newline). */
    public static void assertSection(Path file, String name, String rendered) {
        String text = read(file);
        String begin = "<!-- " + name + ":start";
        String end = "<!-- " + name + ":end -->";
        int b = lineStarting(text, begin, 0);
        if (b < 0) throw new AssertionError(file + " has no line starting with '" + begin + "'");
        int from = text.indexOf('\n', b) + 1;
        int to = from == 0 ? -1 : lineStarting(text, end, from);
        if (to < 0) throw new AssertionError(file + ": the section " + name + " has no line '" + end + "' after its start");
        if (update()) {
            write(file, text.substring(0, from) + rendered + text.substring(to));
            return;
        }
        assertThat(text.substring(from, to)).as(file + ", section " + name + ", is not what the code renders: " + HOW).isEqualTo(rendered);
    }

    /** Asserts that {@code file} is {@code rendered}; a missing file is written when updating. */
    public static void assertFile(Path file, String rendered) {
        if (update()) {
            write(file, rendered);
            return;
        }
        if (!Files.exists(file)) throw new AssertionError(file + " is missing: " + HOW);
        assertThat(read(file)).as(file + " is not what the code renders: " + HOW).isEqualTo(rendered);
    }

    private static final String HOW = "run this test with -D" + UPDATE_PROPERTY + "=true to rewrite it, then review the diff";

    private static boolean update() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /** The offset of the first line at or after {@code from} that starts with {@code prefix}, or -1. */
    private static int lineStarting(String text, String prefix, int from) {
        for (int i = from; i < text.length(); ) {
            if (text.startsWith(prefix, i)) return i;
            int nl = text.indexOf('\n', i);
            if (nl < 0) break;
            i = nl + 1;
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
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
