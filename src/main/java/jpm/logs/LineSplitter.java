package jpm.logs;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines on {@code \n}, bytes untouched (binary output survives). A line
 * that arrives in pieces is carried until its end; one longer than {@link #maxLine} is emitted
 * in pieces of that size, each marked as cut, so memory stays bounded by one line. Pure: no I/O.
 */
public final class LineSplitter {
    /** Receives each line without its newline; {@code cut}: the line continues in the next call. */
    public interface Sink {
        void line(byte[] b, int off, int len, boolean cut);
    }

    /** The longest line `jpm logs` prints in one piece (the daemon's pumps allow {@link LogPump#MAX_LINE}). */
    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    private final int maxLine;
    private byte[] carry = new byte[0];
    private int carried;

    public LineSplitter(int maxLine) {
        if (maxLine < 1) throw new IllegalArgumentException("maxLine must be >= 1");
        this.maxLine = maxLine;
    }

    /** Feeds bytes; complete lines go to the sink, the rest waits for more. */
    public void feed(byte[] b, int off, int len, Sink sink) {
        int end = off + len;
        int start = off;
        while (start < end) {
            int nl = indexOf(b, start, end);
            if (nl < 0) {
                append(b, start, end - start, sink);
                return;
            }
            if (carried > 0) {
                append(b, start, nl - start, sink);
                sink.line(carry, 0, carried, false);
                releaseCarry();
            } else if (nl - start > maxLine) {
                // a long line entirely inside this buffer: pieces of maxLine, the last one whole
                int p = start;
                while (nl - p > maxLine) {
                    sink.line(b, p, maxLine, true);
                    p += maxLine;
                }
                sink.line(b, p, nl - p, false);
            } else {
                sink.line(b, start, nl - start, false);
            }
            start = nl + 1;
        }
    }

    /** End of stream (or of a file): a last line without its newline is emitted as a line. */
    public void flush(Sink sink) {
        if (carried > 0) {
            sink.line(carry, 0, carried, false);
            releaseCarry();
        }
    }

    /** Bytes waiting for their newline. */
    public int pending() {
        return carried;
    }

    public boolean hasPartial() {
        return carried > 0;
    }

    /** Drops the incomplete line, if any (a file was truncated under it). */
    public void clear() {
        releaseCarry();
    }

    private void append(byte[] b, int off, int len, Sink sink) {
        while (len > 0) {
            if (carried == maxLine) { // full, and more of the same line follows: out with a piece
                sink.line(carry, 0, carried, true);
                carried = 0;
            }
            int n = Math.min(maxLine - carried, len);
            if (carry.length < carried + n) carry = Arrays.copyOf(carry, Math.min(maxLine, Math.max(carried + n, carry.length * 2)));
            System.arraycopy(b, off, carry, carried, n);
            carried += n;
            off += n;
            len -= n;
        }
    }

    /** A huge line's buffer is not kept once the line is out: memory returns to normal. */
    private void releaseCarry() {
        carried = 0;
        if (carry.length > 64 * 1024) carry = new byte[0];
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }
}
