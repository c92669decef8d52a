package jpm.daemon;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import jpm.os.NativeHeap;

/**
 * Gives the heap back after a burst. The serial collector promotes a burst's short-lived
 * garbage (a start of 1,000 apps, an `ls` of them) into the old generation, and grows that
 * generation rather than collect it while it has room to grow: a daemon with 11 MiB alive after
 * such a burst held 70 MiB of heap, and kept it, since a full collection came only when the
 * old generation filled again. So every {@link #CHECK_EVERY_S} seconds the timer thread
 * compares the committed heap with what lived after the last full collection, and collects
 * when the difference is large ({@link #due}). With the daemon's heap flags
 * (MaxHeapFreeRatio=30, DaemonConnector) the collection returns the free part to the system,
 * and a trim of malloc's arenas follows ({@link NativeHeap}): 127 to 71 MiB of RSS in all.
 * A full collection of the daemon's heap takes milliseconds to a few tens of them at 10,000
 * instances, and {@link #MIN_INTERVAL_NANOS} bounds how often one runs during a long burst.
 */
final class HeapTrim {
    static final long CHECK_EVERY_S = 5;
    /** At most one collection in this time, however busy the daemon is. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Heap that may sit committed above what lives without a collection. */
    static final long MIN_SLACK_BYTES = 16L << 20;

    private final LongSupplier committedBytes;
    private final LongSupplier usedBytes;
    private final Runnable collect;
    private final LongSupplier nanoTime;
    /** Bytes in use right after the last collection this made (0 before the first: all is slack). */
    private long liveBytes;
    private long lastNanos;
    private long collections;

    HeapTrim(LongSupplier committedBytes, LongSupplier usedBytes, Runnable collect, LongSupplier nanoTime) {
        this.committedBytes = committedBytes;
        this.usedBytes = usedBytes;
        this.collect = collect;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    /** The daemon's own heap, collected by {@link System#gc()}; then malloc's free memory is given back too. */
    static HeapTrim ofThisJvm() {
        Runtime rt = Runtime.getRuntime();
        return new HeapTrim(rt::totalMemory, () -> rt.totalMemory() - rt.freeMemory(), () -> {
            System.gc();
            NativeHeap.trim();
        }, System::nanoTime);
    }

    void schedule(ScheduledExecutorService timers) {
        timers.scheduleWithFixedDelay(this::check, CHECK_EVERY_S, CHECK_EVERY_S, TimeUnit.SECONDS);
    }

    /** One look: collects if {@link #due}. */
    void check() {
        long now = nanoTime.getAsLong();
        if (!due(committedBytes.getAsLong(), liveBytes, now - lastNanos)) return;
        collect.run();
        liveBytes = usedBytes.getAsLong();
        lastNanos = nanoTime.getAsLong();
        collections++;
    }

    /** How many collections this has made. */
    long collections() {
        return collections;
    }

    /**
     * Whether to collect: the committed heap exceeds what lived after the last collection by
     * more than that amount and more than {@link #MIN_SLACK_BYTES} (so a heap that merely sits at
     * its steady size, up to twice what lives, is left alone), and the last collection is at
     * least {@link #MIN_INTERVAL_NANOS} old.
     */
    static boolean due(long committed, long live, long sinceLastNanos) {
        if (sinceLastNanos < MIN_INTERVAL_NANOS) return false;
        return committed - live > Math.max(MIN_SLACK_BYTES, live);
    }
}
