package jpm.daemon;

/**
 * When an instance's probes run (docs/health.md). Pure, table-tested in ProbeScheduleTest.
 *
 * <p>The first probe after a spawn comes within {@link #FIRST_WINDOW_MS} (or the interval, if
 * shorter), at a random point of it: the 100 instances an apply starts together are not probed
 * in one burst, then or at any later tick, and a fast app is seen healthy soon after its spawn
 * rather than an interval later. Each next probe starts an interval after the previous one
 * started; a probe is never started while the previous one of the instance runs, so one slower
 * than the interval is followed at once.
 *
 * <p>Probes start on a grid of {@link #TICK_MS}: a probe's start is moved to the nearest tick, so
 * that the probes due around one tick start together, on one wake-up of the timer thread and of
 * the loop, rather than each on its own (a wake-up costs the daemon more than a probe's work).
 */
final class ProbeSchedule {
    /** The window the first probe after a spawn falls in. */
    static final long FIRST_WINDOW_MS = 1000;

    /** The grid probes start on. */
    static final long TICK_MS = 50;

    private ProbeSchedule() {}

    /**
     * {@code delayMs} from {@code nowMs} (a clock's milliseconds), moved to the nearest multiple of
     * {@code tickMs} that is not past: a probe is at most half a tick early or late, and an instance
     * probed every interval stays on its tick (a probe starts a little after its tick; put off to
     * the next one each time, its interval would grow by a tick).
     */
    static long onTick(long nowMs, long delayMs, long tickMs) {
        long at = nowMs + Math.max(0, delayMs);
        long tick = Math.floorDiv(at + tickMs / 2, tickMs) * tickMs;
        return (tick < nowMs ? tick + tickMs : tick) - nowMs;
    }

    /** @param random uniform in [0, 1) */
    static long firstDelayMs(long intervalMs, double random) {
        return (long) (Math.min(intervalMs, FIRST_WINDOW_MS) * random);
    }

    /** @param tookMs how long the probe that just ended ran */
    static long nextDelayMs(long intervalMs, long tookMs) {
        return Math.max(0, intervalMs - Math.max(0, tookMs));
    }

    /** Whether a probe at {@code sinceSpawnMs} after the spawn falls in the start period. */
    static boolean inStartPeriod(long sinceSpawnMs, long startPeriodMs) {
        return sinceSpawnMs < startPeriodMs;
    }
}
