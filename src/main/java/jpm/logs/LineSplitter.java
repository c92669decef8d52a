package jpm.logs;

import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code \n}, keeping every other byte as it is (a {@code \r}
 * before the newline included): nothing is decoded here. The newline itself is not part of a line.
 *
 * <p>Memory is bounded: a line longer than {@code maxLine} bytes is handed out in pieces of at
 * most {@code maxLine} bytes, each cut before a UTF-8 sequence that would not fit, so a piece
 * never ends in the middle of a character of valid UTF-8.
 */
public final class LineSplitter {
    /** The longest line handed out in one piece. */
    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    /** Receives each line (a fresh array the receiver may keep). */
    @FunctionalInterface
    public interface Sink {
        void line(byte[] line);
    }

    private final int maxLine;
    private byte[] pending = new byte[128];
    private int length;

    public LineSplitter() {
        this(DEFAULT_MAX_LINE);
    }

    public LineSplitter(int maxLine) {
        if (maxLine < 4) throw new IllegalArgumentException("maxLine must be at least 4 (one UTF-8 character)");
        this.maxLine = maxLine;
    }

    /** Feeds bytes; every line they complete goes to {@code sink}, the rest waits for more. */
    public void feed(byte[] bytes, int offset, int count, Sink sink) {
        int start = offset;
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start, sink);
                sink.line(Arrays.copyOf(pending, length));
                length = 0;
                start = i + 1;
            }
        }
        append(bytes, start, end - start, sink);
        if (length == 0 && pending.length > 4096) pending = new byte[128]; // do not keep a long line's buffer forever
    }

    /** Whether bytes after the last newline are waiting (an incomplete line). */
    public boolean hasPartial() {
        return length > 0;
    }

    /** Hands out the incomplete line, if any, as if its newline had come. */
    public void flush(Sink sink) {
        if (length == 0) return;
        sink.line(Arrays.copyOf(pending, length));
        length = 0;
    }

    /** Drops the incomplete line, if any. */
    public void clear() {
        length = 0;
    }

    private void append(byte[] bytes, int offset, int count, Sink sink) {
        while (count > 0) {
            if (length == maxLine) {
                int cut = utf8Boundary(pending, length);
                sink.line(Arrays.copyOf(pending, cut));
                System.arraycopy(pending, cut, pending, 0, length - cut);
                length -= cut;
            }
            int n = Math.min(count, maxLine - length);
            if (length + n > pending.length) pending = Arrays.copyOf(pending, Math.min(maxLine, Math.max(length + n, pending.length * 2)));
            System.arraycopy(bytes, offset, pending, length, n);
            length += n;
            offset += n;
            count -= n;
        }
    }

    /** Where to cut {@code b[0..len)} so that no UTF-8 sequence is split: len, or the start of an incomplete last sequence. */
    static int utf8Boundary(byte[] b, int len) {
        for (int i = len - 1; i >= Math.max(0, len - 4); i--) {
            int c = b[i] & 0xFF;
            if ((c & 0xC0) == 0x80) continue; // a continuation byte: look further back for its lead byte
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return i + need > len && i > 0 ? i : len;
        }
        return len; // not UTF-8 at all: cut anywhere
    }
}
