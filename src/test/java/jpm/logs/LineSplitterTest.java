package jpm.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    record Line(String text, boolean cut) {}

    final List<Line> lines = new ArrayList<>();
    final LineSplitter.Sink sink = (b, off, len, cut) -> lines.add(new Line(new String(b, off, len, StandardCharsets.ISO_8859_1), cut));

    private void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        s.feed(b, 0, b.length, sink);
    }

    @Test
    void completeLinesComeOutAndAPartialOneWaits() {
        LineSplitter s = new LineSplitter(100);
        feed(s, "a\nbb\ncc");
        assertThat(lines).containsExactly(new Line("a", false), new Line("bb", false));
        assertThat(s.pending()).isEqualTo(2);
        feed(s, "c\n\n");
        assertThat(lines).extracting(Line::text).containsExactly("a", "bb", "ccc", "");
    }

    @Test
    void aLastLineWithoutNewlineComesOutAtTheEnd() {
        LineSplitter s = new LineSplitter(100);
        feed(s, "x\ntail");
        s.flush(sink);
        assertThat(lines).extracting(Line::text).containsExactly("x", "tail");
        s.flush(sink);
        assertThat(lines).hasSize(2);
    }

    @Test
    void aLineSplitAcrossManyReadsIsOneLine() {
        LineSplitter s = new LineSplitter(1000);
        for (char c : "hello world".toCharArray()) feed(s, String.valueOf(c));
        feed(s, "\n");
        assertThat(lines).containsExactly(new Line("hello world", false));
    }

    @Test
    void linesLongerThanTheLimitAreCutIntoMarkedPieces() {
        LineSplitter s = new LineSplitter(4);
        feed(s, "abcdefghij\nxy\n");
        assertThat(lines).containsExactly(new Line("abcd", true), new Line("efgh", true), new Line("ij", false), new Line("xy", false));
        lines.clear();
        feed(s, "abc");
        feed(s, "defgh");
        feed(s, "ijklmn\n");
        assertThat(lines).containsExactly(new Line("abcd", true), new Line("efgh", true), new Line("ijkl", true), new Line("mn", false));
        lines.clear();
        feed(s, "abcd");
        feed(s, "\n"); // exactly the limit: one whole line
        assertThat(lines).containsExactly(new Line("abcd", false));
    }

    @Test
    void everyByteSurvivesInAnyChunking() {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        for (int chunk : new int[] {1, 7, 4096, 65536}) {
            LineSplitter s = new LineSplitter(1 << 20);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            LineSplitter.Sink collect = (b, off, len, cut) -> {
                out.write(b, off, len);
                out.write('\n');
            };
            for (int i = 0; i < data.length; i += chunk) s.feed(data, i, Math.min(chunk, data.length - i), collect);
            s.flush(collect);
            byte[] got = out.toByteArray();
            // the output is the input plus a newline added to an unterminated last line
            byte[] expected = data[data.length - 1] == '\n' ? data : java.util.Arrays.copyOf(data, data.length + 1);
            expected[expected.length - 1] = '\n';
            assertThat(got).as("chunk " + chunk).isEqualTo(expected);
        }
    }
}
