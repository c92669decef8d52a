package jpm.rpc;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The frames waiting for one subscriber: filled by one publisher (the daemon's loop), which it
 * never blocks, and emptied by the subscriber's connection thread as fast as its peer reads.
 *
 * <p>Bounded. A peer that falls a whole queue behind loses events: they are counted, and the
 * next event it gets is preceded by one {@link Response.Dropped} notice with the count. A peer
 * that misses more than a queue's worth in one gap would never catch up: its queue is cleared,
 * ends with a {@code too_slow} {@link Response.Failure}, and the connection is given a grace
 * period to read it before it is cut ({@code cutOff}). Memory per subscriber is so bounded by
 * the queue, whatever the peer does.
 */
public final class FrameQueue {
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Ends the queue (compared by identity). */
    private static final String END = new String("end");

    private final ArrayBlockingQueue<String> frames;
    private final int capacity;
    private final Runnable cutOff;
    /** Frames lost since the last one queued; the publisher's alone. */
    private long gap;
    private volatile boolean closed;

    /**
     * @param capacity frames kept at most (at least 2: a notice and its event)
     * @param cutOff ends the connection soon, even when its writer is blocked on a peer that does not read
     */
    public FrameQueue(int capacity, Runnable cutOff) {
        if (capacity < 2) throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        this.capacity = capacity;
        this.frames = new ArrayBlockingQueue<>(capacity + 2); // + the final failure and END
        this.cutOff = cutOff;
    }

    /**
     * Queues a frame, or counts it when the queue is full. Never blocks; one publisher thread only.
     *
     * @return false once the queue is closed: the publisher forgets it
     */
    public boolean offer(String frame) {
        if (closed) return false;
        if (gap > 0) {
            if (capacity - frames.size() < 2) return lost();
            frames.offer(WireCodec.encode(new Response.Dropped(gap)));
            gap = 0;
        } else if (frames.size() >= capacity) {
            return lost();
        }
        frames.offer(frame);
        return true;
    }

    private boolean lost() {
        gap++;
        if (gap <= capacity) return true;
        end(WireCodec.encode(new Response.Failure(ErrorCode.TOO_SLOW, "the subscriber read too slowly: more than "
                + capacity + " events were missed in a row; subscribe again")));
        cutOff.run();
        return false;
    }

    /** The next frame, waiting for one; null once the queue ended. */
    public String take() throws InterruptedException {
        String f = frames.take();
        return f == END ? null : f;
    }

    /** Ends the queue now: what it holds is dropped and {@link #take} answers null. Idempotent. */
    public void close() {
        end(null);
    }

    /** Ends the queue with a last frame (a failure to explain why), dropping what it holds. */
    public void end(String last) {
        if (closed) return;
        closed = true;
        frames.clear();
        if (last != null) frames.offer(last);
        frames.offer(END); // room is certain: the publisher adds at most two frames after it saw the queue open
    }

    public boolean isClosed() {
        return closed;
    }
}
