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
 */
final class ProbeSchedule {
    /** The window the first probe after a spawn falls in. */
    static final long FIRST_WINDOW_MS = 1000;

    private ProbeSchedule() {}

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
