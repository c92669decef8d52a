package jpm.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;

/**
 * The daemon's reading of request frames: the length, then the first bytes, which decide the
 * frame's limit ({@link Frames#requestLimit}: only an apply batch may be large), then admission
 * against the daemon-wide {@link FrameBudget}, and only then the body. A frame refused at any
 * step costs the daemon a few bytes, whatever its length says.
 */
final class RequestFrames {
    private final FrameBudget budget;
    private final Duration wait;

    /** @param wait how long a frame may wait for the budget before it is refused as busy */
    RequestFrames(FrameBudget budget, Duration wait) {
        this.budget = budget;
        this.wait = wait;
    }

    /**
     * One admitted request frame: its body until decoded, and its share of the budget until
     * closed (after its answer is written).
     */
    static final class Admitted implements AutoCloseable {
        private byte[] body;
        private final FrameBudget.Permit permit;

        private Admitted(byte[] body, FrameBudget.Permit permit) {
            this.body = body;
            this.permit = permit;
        }

        /** Decodes the request straight from the bytes, then lets go of them (the request may be handled for a while). */
        Request decode() {
            byte[] b = body;
            body = null;
            return WireCodec.decodeRequest(b, 0, b.length, FrameBudget.decodeAllowance(b.length));
        }

        @Override
        public void close() {
            body = null;
            permit.close();
        }
    }

    /**
     * Reads and admits the next request frame.
     *
     * @return the frame, or null on a clean end of stream before a frame
     * @throws WireException {@code frame_too_large} over the frame's limit, {@code busy} when the
     *                       budget stayed full for the whole wait
     */
    Admitted read(ReadableByteChannel ch, Frames.Progress progress) throws IOException {
        int length = Frames.readLength(ch, progress);
        if (length < 0) return null;
        byte[] prefix = new byte[Math.min(length, Frames.PREFIX)];
        Frames.fill(ch, ByteBuffer.wrap(prefix));
        int limit = Frames.requestLimit(prefix, prefix.length);
        if (length > limit) {
            throw new WireException(ErrorCode.FRAME_TOO_LARGE, "a request of " + length + " bytes exceeds the limit of "
                    + limit + " bytes (only an apply batch may have up to " + Frames.MAX_FRAME + ")");
        }
        progress.frameWaiting();
        FrameBudget.Permit permit;
        try {
            permit = budget.admit(length, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireException(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down");
        }
        if (permit == null) {
            throw new WireException(ErrorCode.BUSY, "the daemon is busy receiving other requests (" + (budget.capacity() >> 20)
                    + " MiB in flight) and could not take this one of " + length + " bytes within " + wait.toSeconds() + " s; retry");
        }
        progress.frameStarted(); // the sender is on the clock again, for the rest of the body
        try {
            byte[] body = new byte[length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            Frames.fill(ch, ByteBuffer.wrap(body, prefix.length, length - prefix.length));
            return new Admitted(body, permit);
        } catch (IOException | RuntimeException | Error e) {
            permit.close();
            throw e;
        }
    }
}
