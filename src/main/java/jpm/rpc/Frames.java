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
 * against {@link #MAX_FRAME} before anything is allocated, so a 2 GiB prefix costs nothing.
 */
public final class Frames {
    public static final int MAX_FRAME = 8 * 1024 * 1024;

    /** Told when the first byte of a frame has arrived, so a stalled sender can be timed out. */
    public interface Progress {
        void frameStarted();

        Progress NONE = () -> {};
    }

    private Frames() {}

    /**
     * Reads one frame.
     *
     * @return the frame's text, or null on a clean end of stream before any byte of a frame
     * @throws WireException for an oversized length or bytes that are not UTF-8
     * @throws EOFException when the stream ends inside a frame
     */
    public static String read(ReadableByteChannel ch, Progress progress) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (ch.read(header) < 0) return null;
        progress.frameStarted();
        fill(ch, header);
        int length = header.getInt(0);
        if (length < 0 || length > MAX_FRAME) {
            throw new WireException(ErrorCode.FRAME_TOO_LARGE, "frame of " + Integer.toUnsignedLong(length) + " bytes exceeds the limit of " + MAX_FRAME);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(ch, body);
        body.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WireException("frame is not valid UTF-8");
        }
    }

    public static void write(WritableByteChannel ch, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FRAME) throw new WireException("message of " + bytes.length + " bytes exceeds the frame limit");
        ByteBuffer buf = ByteBuffer.allocate(4 + bytes.length);
        buf.putInt(bytes.length).put(bytes).flip();
        while (buf.hasRemaining()) ch.write(buf);
    }

    private static void fill(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) throw new EOFException("connection closed inside a frame");
        }
    }
}
