package jpm.rpc;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The daemon-wide budget of memory for requests in flight: a request frame is admitted only when
 * what it may cost fits, and holds its share from before its body is read until its answer is
 * written. However many clients send at once, their requests take at most the budget.
 *
 * <p>What a frame of {@code L} bytes may cost ({@link #cost}): its body, {@code L}; the JSON
 * values decoded from it, which the reader bounds to {@link #decodeAllowance} (a document can
 * describe many small objects: {@code [{},{},...]} is 3 bytes an object on the wire and ~80 in
 * the heap); and the records bound from those values, no heavier than the values. So
 * {@code L + 2 * allowance}.
 *
 * <p>Waiters are served in arrival order (a fair semaphore), so small requests cannot starve a
 * large apply batch. A frame that does not get in within the wait is refused ({@code busy}).
 */
final class FrameBudget {
    /** Any frame may decode into this much, so small requests never hit the weight bound. */
    static final int BASE_ALLOWANCE = 64 * 1024;
    /**
     * Estimated heap per byte of a frame that its JSON values may take. An apply batch of real
     * specs weighs about 4 bytes per byte (many short fields and nulls: a map entry is 48 bytes,
     * {@code "x":null,} is 9); 5 leaves room, and refuses {@code [{},{},...]} (about 29) early.
     */
    static final int WEIGHT_PER_BYTE = 5;

    private final int capacity;
    private final Semaphore bytes;

    /** @param capacity the budget in bytes: at least the cost of one largest frame, so each frame can get in */
    FrameBudget(int capacity) {
        if (capacity < cost(Frames.MAX_FRAME)) {
            throw new IllegalArgumentException("a budget of " + capacity + " bytes cannot admit a frame of " + Frames.MAX_FRAME);
        }
        this.capacity = capacity;
        this.bytes = new Semaphore(capacity, true);
    }

    /**
     * The daemon's budget: a quarter of its heap, and never less than one largest frame (the
     * daemon runs with 256 MiB of heap, and a frame of 8 MiB may cost 88 MiB: the budget is 88 MiB,
     * which is an estimate with room; a 5 MB frame of text takes about 10 MB).
     */
    static FrameBudget forHeap(long maxHeap) {
        long quarter = Math.min(Integer.MAX_VALUE, maxHeap / 4);
        return new FrameBudget((int) Math.max(cost(Frames.MAX_FRAME), quarter));
    }

    /** How much heap the JSON values decoded from a frame of {@code length} bytes may take. Pure. */
    static long decodeAllowance(int length) {
        return (long) WEIGHT_PER_BYTE * length + BASE_ALLOWANCE;
    }

    /** What a frame of {@code length} bytes reserves: body, values and records. Pure. */
    static int cost(int length) {
        return Math.toIntExact(length + 2 * decodeAllowance(length));
    }

    int capacity() {
        return capacity;
    }

    /** Bytes not reserved now. */
    int available() {
        return bytes.availablePermits();
    }

    /**
     * Reserves a frame's cost, waiting at most {@code wait} behind earlier frames.
     *
     * @return the reservation, to close once the frame's answer is written; null when the wait ran out
     */
    Permit admit(int length, Duration wait) throws InterruptedException {
        int cost = cost(length);
        if (!bytes.tryAcquire(cost, wait.toNanos(), TimeUnit.NANOSECONDS)) return null;
        return new Permit(cost);
    }

    /** One frame's reservation; closing it twice returns it once. */
    final class Permit implements AutoCloseable {
        private final int cost;
        private boolean released;

        private Permit(int cost) {
            this.cost = cost;
        }

        @Override
        public synchronized void close() {
            if (released) return;
            released = true;
            bytes.release(cost);
        }
    }
}
