package jpm.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Follows one log path like {@code tail -F}: the last N lines first, then every line appended,
 * across rotations. The caller polls ({@link #poll}); nothing here sleeps or starts a thread.
 *
 * <p>Per poll, in this order:
 * <ol>
 *   <li>The path is looked at ({@code stat}: its file key, i.e. device and inode) <em>before</em>
 *       the open file is read, so everything written to the old file before a new one appeared
 *       at the path is read in step 3.
 *   <li><b>Truncation</b> (copy-truncate rotation, {@code jpm flush}): the open file is shorter
 *       than the position read so far, or it grew but the bytes just before the position are no
 *       longer those read there (it was truncated and rewritten past the old position between two
 *       polls). Reading starts again at 0. Lines written between the last poll and the truncation
 *       are lost to the follower: they are only in the copy.
 *   <li>The open file is read from the position to its current end (at most
 *       {@link #MAX_READ_PER_POLL} bytes per poll, so one busy file cannot starve the others).
 *   <li><b>Rotation by rename</b>: once the open file is read to its end, if the path now names
 *       another file (a different key), the old file's incomplete last line is handed out, the old
 *       file is closed and the new one is read from its start. A missing path (renamed away, not
 *       yet recreated) keeps the old file open.
 *   <li>An incomplete last line is handed out once the file has been idle for
 *       {@code partialIdleMs}; what follows it later comes as a new line.
 * </ol>
 *
 * <p>A path that does not exist at the first poll is waited for; when it appears it is read from
 * its start (it is all new). Two rotations between two polls skip the intermediate file.
 */
public final class LogFollower implements Closeable {
    public static final int MAX_READ_PER_POLL = 1 << 20;
    /** How long an incomplete last line waits for its newline before it is printed anyway. */
    public static final long DEFAULT_PARTIAL_IDLE_MS = 1000;
    static final int FINGERPRINT = 32;

    private final Path path;
    private final long partialIdleMs;
    /** Receives each complete line, without its newline (a fresh array the receiver may keep). */
    @FunctionalInterface
    public interface Lines {
        void line(byte[] line);
    }

    private final LineSplitter splitter;
    private final int initialLines;
    private boolean firstLook = true;
    private FileChannel ch;
    private Object key;
    private long pos;
    private long lastDataAt;
    /** The bytes just before {@link #pos}, to recognize a file truncated and rewritten past pos. */
    private final byte[] fingerprint = new byte[FINGERPRINT];
    private int fingerprintLength;

    /** @param initialLines how many of the file's last lines to hand out first, if it exists at the first poll */
    public LogFollower(Path path, int initialLines) {
        this(path, initialLines, DEFAULT_PARTIAL_IDLE_MS, LineSplitter.DEFAULT_MAX_LINE);
    }

    public LogFollower(Path path, int initialLines, long partialIdleMs, int maxLine) {
        if (initialLines < 0) throw new IllegalArgumentException("initialLines must be >= 0");
        this.path = path;
        this.initialLines = initialLines;
        this.partialIdleMs = partialIdleMs;
        this.splitter = new LineSplitter(maxLine);
    }

    public Path path() {
        return path;
    }

    /** A fresh scratch buffer of the size {@link #poll} reads with. */
    public static ByteBuffer newBuffer() {
        return ByteBuffer.allocate(64 * 1024);
    }

    /**
     * Reads what is new and hands out every complete line.
     *
     * @param nowMs a monotonic clock in ms (for the idle time of an incomplete line)
     * @param scratch a heap buffer to read with, shared by the followers of one thread
     * @return true when more data is already waiting: poll again without sleeping
     * @throws IOException when the file exists but cannot be read (e.g. permission denied)
     */
    public boolean poll(long nowMs, ByteBuffer scratch, Lines lines) throws IOException {
        LineSplitter.Sink sink = (b, off, len, cut) -> lines.line(java.util.Arrays.copyOfRange(b, off, off + len));
        Object pathKey = keyOf(path);
        if (ch == null) {
            if (pathKey == null) {
                firstLook = false; // it appears later: read it from its start
                return false;
            }
            if (!open(pathKey)) return false;
            pos = firstLook ? TailReader.startOfLastLines(ch, ch.size(), initialLines) : 0;
            firstLook = false;
            lastDataAt = nowMs;
            loadFingerprint();
        }
        long size = ch.size();
        if (size < pos || (size > pos && !fingerprintMatches(scratch))) {
            splitter.flush(sink); // the old content's last line is complete as it is
            pos = 0;
            fingerprintLength = 0;
        }
        if (size > pos) {
            long limit = Math.min(size, pos + MAX_READ_PER_POLL);
            while (pos < limit) {
                scratch.clear().limit((int) Math.min(scratch.capacity(), limit - pos));
                int n = ch.read(scratch, pos);
                if (n <= 0) break;
                splitter.feed(scratch.array(), 0, n, sink);
                remember(scratch.array(), n);
                pos += n;
            }
            lastDataAt = nowMs;
            if (pos < size) return true;
        }
        if (pathKey != null && key != null && !pathKey.equals(key)) {
            // rotated by rename: the old file was read to its end above, after the new one appeared
            splitter.flush(sink);
            closeChannel();
            if (open(pathKey)) {
                pos = 0;
                fingerprintLength = 0;
                lastDataAt = nowMs;
            }
            return true; // read the new file now
        }
        if (splitter.hasPartial() && nowMs - lastDataAt >= partialIdleMs) splitter.flush(sink);
        return false;
    }

    /** Hands out the incomplete last line, if any (at the end of {@code --nostream}). */
    public void finish(Lines lines) {
        splitter.flush((b, off, len, cut) -> lines.line(java.util.Arrays.copyOfRange(b, off, off + len)));
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }

    private void closeChannel() throws IOException {
        if (ch != null) {
            FileChannel c = ch;
            ch = null;
            key = null;
            c.close();
        }
    }

    /** Opens the path if it is still the file {@code expected}; false (retry at the next poll) if it vanished or changed meanwhile. */
    private boolean open(Object expected) throws IOException {
        FileChannel c;
        try {
            c = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        Object actual = keyOf(path);
        if (actual == null || !actual.equals(expected)) {
            c.close();
            return false;
        }
        ch = c;
        key = actual;
        return true;
    }

    /** The file key (device and inode) of what the path names now, or null if nothing. */
    static Object keyOf(Path p) throws IOException {
        try {
            Object k = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return k != null ? k : NO_KEY;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A file system without file keys: rotation by rename cannot be seen, truncation still can. */
    private static final Object NO_KEY = new Object() {
        @Override
        public String toString() {
            return "no file key";
        }
    };

    private void remember(byte[] read, int n) {
        if (n >= FINGERPRINT) {
            System.arraycopy(read, n - FINGERPRINT, fingerprint, 0, FINGERPRINT);
            fingerprintLength = FINGERPRINT;
            return;
        }
        int keep = Math.min(fingerprintLength, FINGERPRINT - n);
        System.arraycopy(fingerprint, fingerprintLength - keep, fingerprint, 0, keep);
        System.arraycopy(read, 0, fingerprint, keep, n);
        fingerprintLength = keep + n;
    }

    private void loadFingerprint() throws IOException {
        fingerprintLength = 0;
        int len = (int) Math.min(FINGERPRINT, pos);
        if (len == 0) return;
        ByteBuffer b = ByteBuffer.wrap(fingerprint, 0, len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos - len + b.position()) < 0) return;
        }
        fingerprintLength = len;
    }

    private boolean fingerprintMatches(ByteBuffer scratch) throws IOException {
        if (fingerprintLength == 0) return true;
        scratch.clear().limit(fingerprintLength);
        long from = pos - fingerprintLength;
        while (scratch.hasRemaining()) {
            if (ch.read(scratch, from + scratch.position()) < 0) return false;
        }
        return Arrays.equals(scratch.array(), 0, fingerprintLength, fingerprint, 0, fingerprintLength);
    }
}
