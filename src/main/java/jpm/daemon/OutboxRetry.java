package jpm.daemon;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Writes again, on the loop, what apps have not taken yet from their {@link Outbox}es: every
 * 50 ms while any holds something, nothing at all otherwise. A non-blocking channel says when it
 * is full but not when it has room again; trying again is one failed write per waiting channel,
 * cheaper than a thread that would poll for room. Touched on the loop only.
 */
final class OutboxRetry {
    static final long EVERY_MS = 50;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    /** Each flushes its outbox and answers whether it is done (empty, or its channel gone). */
    private final Set<BooleanSupplier> waiting = new LinkedHashSet<>();
    private boolean scheduled;

    OutboxRetry(ScheduledExecutorService timers, Consumer<Runnable> post) {
        this.timers = timers;
        this.post = post;
    }

    /** Flushes {@code flush} again soon, and again, until it answers true. */
    void add(BooleanSupplier flush) {
        waiting.add(flush);
        if (scheduled) return;
        scheduled = true;
        timers.schedule(() -> post.accept(this::round), EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private void round() {
        scheduled = false;
        waiting.removeIf(BooleanSupplier::getAsBoolean);
        if (!waiting.isEmpty()) {
            scheduled = true;
            timers.schedule(() -> post.accept(this::round), EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }
}
