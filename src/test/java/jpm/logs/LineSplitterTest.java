package jpm.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    final List<byte[]> lines = new ArrayList<>();

    void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length, lines::add);
    }

    List<String> text() {
        return lines.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void splitsOnNewlinesAndKeepsTheRestForLater() {
        LineSplitter s = new LineSplitter();
        feed(s, "a\nbb\r\n\nc");
        assertThat(text()).containsExactly("a", "bb\r", "");
        assertThat(s.hasPartial()).isTrue();
        feed(s, "d\n");
        assertThat(text()).containsExactly("a", "bb\r", "", "cd");
        assertThat(s.hasPartial()).isFalse();
    }

    @Test
    void flushHandsOutTheIncompleteLineOnce() {
        LineSplitter s = new LineSplitter();
        feed(s, "half");
        s.flush(lines::add);
        s.flush(lines::add);
        assertThat(text()).containsExactly("half");
    }

    @Test
    void bytesArePreservedExactly() {
        LineSplitter s = new LineSplitter();
        byte[] b = {(byte) 0xff, 0, (byte) 0xc3, '\n', (byte) 0x80, '\n'};
        s.feed(b, 0, b.length, lines::add);
        assertThat(lines).containsExactly(new byte[] {(byte) 0xff, 0, (byte) 0xc3}, new byte[] {(byte) 0x80});
    }

    @Test
    void aLongLineComesInBoundedPiecesCutBetweenUtf8Characters() {
        LineSplitter s = new LineSplitter(8);
        feed(s, "abcdefgé€hij\n"); // é is 2 bytes, € is 3
        assertThat(text()).containsExactly("abcdefg", "é€hij");
        assertThat(lines).allSatisfy(l -> assertThat(l.length).isLessThanOrEqualTo(8));
    }

    @Test
    void aLineOfExactlyMaxBytesIsOneLine() {
        LineSplitter s = new LineSplitter(4);
        feed(s, "abcd\nefghi\n");
        assertThat(text()).containsExactly("abcd", "efgh", "i");
    }

    @Test
    void utf8BoundaryStepsBackOnlyOverAnIncompleteSequence() {
        byte[] euro = "x€".getBytes(StandardCharsets.UTF_8); // 78 e2 82 ac
        assertThat(LineSplitter.utf8Boundary(euro, 4)).isEqualTo(4);
        assertThat(LineSplitter.utf8Boundary(euro, 3)).isEqualTo(1);
        assertThat(LineSplitter.utf8Boundary(euro, 2)).isEqualTo(1);
        byte[] junk = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertThat(LineSplitter.utf8Boundary(junk, 5)).isEqualTo(5);
    }
}
