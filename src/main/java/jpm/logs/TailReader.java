package jpm.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Finds where the last N lines of a file start by reading it backwards in blocks: memory stays one block whatever the file's size. */
public final class TailReader {
    static final int BLOCK = 8192;

    private TailReader() {}

    /**
     * The offset at which the last {@code lines} lines of {@code ch}'s first {@code end} bytes
     * start. Like {@code tail -n}: a final newline ends the last line, and an unterminated last
     * line counts as a line. 0 when the file has no more than {@code lines} lines; {@code end}
     * when {@code lines} is 0.
     */
    public static long startOfLastLines(FileChannel ch, long end, int lines) throws IOException {
        if (lines < 0) throw new IllegalArgumentException("lines must be >= 0");
        if (lines == 0 || end == 0) return end;
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        int found = 0;
        long blockEnd = end;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - BLOCK);
            buf.clear().limit((int) (blockEnd - blockStart));
            while (buf.hasRemaining()) {
                if (ch.read(buf, blockStart + buf.position()) < 0) break; // shrank under us: treat the rest as absent
            }
            byte[] a = buf.array();
            for (int i = buf.position() - 1; i >= 0; i--) {
                long at = blockStart + i;
                if (a[i] == '\n' && at != end - 1 && ++found == lines) return at + 1;
            }
            blockEnd = blockStart;
        }
        return 0;
    }
}
