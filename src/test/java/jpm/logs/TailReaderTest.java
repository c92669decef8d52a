package jpm.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailReaderTest {
    @TempDir
    Path dir;

    String tail(String content, int n) throws IOException {
        Path f = dir.resolve("f.log");
        Files.writeString(f, content);
        try (FileChannel ch = FileChannel.open(f)) {
            long start = TailReader.startOfLastLines(ch, ch.size(), n);
            return content.substring((int) start);
        }
    }

    @Test
    void lastLinesLikeTail() throws IOException {
        assertThat(tail("a\nb\nc\n", 2)).isEqualTo("b\nc\n");
        assertThat(tail("a\nb\nc\n", 3)).isEqualTo("a\nb\nc\n");
        assertThat(tail("a\nb\nc\n", 10)).isEqualTo("a\nb\nc\n");
        assertThat(tail("a\nb\nc", 2)).as("an unterminated last line counts").isEqualTo("b\nc");
        assertThat(tail("a\nb\nc\n", 0)).isEmpty();
        assertThat(tail("", 5)).isEmpty();
        assertThat(tail("\n\n\n", 2)).isEqualTo("\n\n");
    }

    @Test
    void acrossBlocksOfAFileMuchLargerThanOneBlock() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.append("line ").append(i).append('\n');
        assertThat(tail(sb.toString(), 3)).isEqualTo("line 19997\nline 19998\nline 19999\n");
        String t = tail(sb.toString(), 5000);
        assertThat(t).startsWith("line 15000\n").endsWith("line 19999\n");
        assertThat(t.lines()).hasSize(5000);
    }

    @Test
    void aLineLongerThanABlock() throws IOException {
        String longLine = "x".repeat(3 * TailReader.BLOCK + 17);
        assertThat(tail("first\n" + longLine + "\nlast\n", 2)).isEqualTo(longLine + "\nlast\n");
        assertThat(tail(longLine, 1)).isEqualTo(longLine);
    }

    @Test
    void binaryContentIsCountedByNewlinesOnly() throws IOException {
        Path f = dir.resolve("bin.log");
        byte[] content = {(byte) 0xff, '\n', (byte) 0xfe, 0, '\n', (byte) 0x80};
        Files.write(f, content);
        try (FileChannel ch = FileChannel.open(f)) {
            assertThat(TailReader.startOfLastLines(ch, ch.size(), 2)).isEqualTo(2);
        }
        assertThat(new String(content, 2, 4, StandardCharsets.ISO_8859_1)).hasSize(4);
    }
}
