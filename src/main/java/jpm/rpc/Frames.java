package jpm.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Framing: a 4-byte big-endian length, then that many bytes of UTF-8 JSON. The length is checked
 * against {@link #MAX_FRAME} before anything is allocated, so a 2 GiB prefix costs nothing. The
 * daemon reads requests through {@link RequestFrames}, which also holds them to
 * {@link #MAX_REQUEST_FRAME} unless they are an apply batch, and admits each against a budget.
 */
public final class Frames {
    /** The largest frame: an apply batch ({@code execute}), and any answer. */
    public static final int MAX_FRAME = 8 * 1024 * 1024;
    /**
     * The largest request other than an apply batch. The biggest of them, a {@code start} with
     * its environment, is bounded by what exec(2) takes (2 MiB of arguments and environment
     * together by default, 128 KiB per string).
     */
    public static final int MAX_REQUEST_FRAME = 1024 * 1024;
    /** How many of a request's first bytes {@link #requestLimit} looks at. */
    static final int PREFIX = 48;
    private static final byte[] TYPE_KEY = "\"type\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXECUTE_VALUE = "\"execute\"".getBytes(StandardCharsets.US_ASCII);

    /** Told when the first byte of a frame has arrived, so a stalled sender can be timed out. */
    public interface Progress {
        void frameStarted();

        /** The frame waits for the daemon (its admission), not for the sender: no stall to time out. */
        default void frameWaiting() {}

        Progress NONE = () -> {};
    }

    private Frames() {}

    /**
     * Reads one frame's bytes.
     *
     * @return the frame's body, or null on a clean end of stream before any byte of a frame
     * @throws WireException for an oversized length
     * @throws EOFException when the stream ends inside a frame
     */
    public static byte[] readBody(ReadableByteChannel ch, Progress progress) throws IOException {
        int length = readLength(ch, progress);
        if (length < 0) return null;
        byte[] body = new byte[length];
        fill(ch, ByteBuffer.wrap(body));
        return body;
    }

    /**
     * Reads one frame as text (tests and tools; jpm itself parses the bytes).
     *
     * @return the frame's text, or null on a clean end of stream before any byte of a frame
     * @throws WireException for an oversized length or bytes that are not UTF-8
     * @throws EOFException when the stream ends inside a frame
     */
    public static String read(ReadableByteChannel ch, Progress progress) throws IOException {
        byte[] body = readBody(ch, progress);
        if (body == null) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WireException("frame is not valid UTF-8");
        }
    }

    /** The length of the next frame, checked against {@link #MAX_FRAME}; -1 on a clean end of stream. */
    static int readLength(ReadableByteChannel ch, Progress progress) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (ch.read(header) < 0) return -1;
        progress.frameStarted();
        fill(ch, header);
        int length = header.getInt(0);
        if (length < 0 || length > MAX_FRAME) {
            throw new WireException(ErrorCode.FRAME_TOO_LARGE, "frame of " + Integer.toUnsignedLong(length)
                    + " bytes exceeds the limit of " + MAX_FRAME);
        }
        return length;
    }

    /**
     * The size limit of a request frame that begins with {@code prefix[0..n)}: {@link #MAX_FRAME}
     * for an apply batch, whose first key is {@code "type":"execute"} (the codec always writes
     * the type first), {@link #MAX_REQUEST_FRAME} for anything else. Decided from the first bytes,
     * before the body is read or any memory is set aside for it. Pure.
     */
    static int requestLimit(byte[] prefix, int n) {
        int i = skipSpace(prefix, 0, n);
        if (i >= n || prefix[i] != '{') return MAX_REQUEST_FRAME;
        i = skipSpace(prefix, i + 1, n);
        if (!startsWith(prefix, i, n, TYPE_KEY)) return MAX_REQUEST_FRAME;
        i = skipSpace(prefix, i + TYPE_KEY.length, n);
        if (i >= n || prefix[i] != ':') return MAX_REQUEST_FRAME;
        i = skipSpace(prefix, i + 1, n);
        return startsWith(prefix, i, n, EXECUTE_VALUE) ? MAX_FRAME : MAX_REQUEST_FRAME;
    }

    private static int skipSpace(byte[] b, int i, int n) {
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
        return i;
    }

    private static boolean startsWith(byte[] b, int i, int n, byte[] word) {
        if (i + word.length > n) return false;
        for (int k = 0; k < word.length; k++) {
            if (b[i + k] != word[k]) return false;
        }
        return true;
    }

    /** Writes one frame: the header, then the text's bytes (no copy of them into a second buffer). */
    public static void write(WritableByteChannel ch, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FRAME) throw new WireException("message of " + bytes.length + " bytes exceeds the frame limit");
        ByteBuffer header = ByteBuffer.allocate(4).putInt(bytes.length).flip();
        while (header.hasRemaining()) ch.write(header);
        ByteBuffer body = ByteBuffer.wrap(bytes);
        while (body.hasRemaining()) ch.write(body);
    }

    static void fill(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) throw new EOFException("connection closed inside a frame");
        }
    }
}
