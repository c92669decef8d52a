package jpm.daemon;

/**
 * What an instance's health probe has concluded so far, and the step each probe result takes
 * (docs/health.md). Pure, table-tested in ProbeStateTest.
 *
 * <p>After a spawn the instance is {@code starting}. A pass makes it healthy. A failure counts
 * towards {@code retries} (failures in a row) unless it falls in the start period and the process
 * has not passed yet: an app that is still starting up is not failing (as Docker's start_period).
 * {@code retries} counted failures make it unhealthy; from there a pass makes it healthy again.
 *
 * @param failures failures in a row that counted
 * @param everHealthy whether a probe passed since the spawn: an unhealthy restart of a process
 *     that never passed is an unstable one
 */
record ProbeState(HealthStatus status, int failures, boolean everHealthy) {
    /** A process just spawned, or one that a probe was just added to. */
    static ProbeState initial() {
        return new ProbeState(HealthStatus.STARTING, 0, false);
    }

    /**
     * @param passed the probe's outcome
     * @param inStartPeriod whether it ran within start_period of the spawn
     * @param retries failures in a row that make the instance unhealthy (at least 1)
     */
    ProbeState after(boolean passed, boolean inStartPeriod, int retries) {
        if (passed) return new ProbeState(HealthStatus.HEALTHY, 0, true);
        if (inStartPeriod && !everHealthy) return this;
        int counted = failures + 1;
        HealthStatus next = counted >= retries ? HealthStatus.UNHEALTHY : status;
        return new ProbeState(next, counted, everHealthy);
    }
}
