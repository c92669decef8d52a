package jpm.daemon;

/**
 * The HTTP or TCP probe of one instance, kept as long as the instance is probed with the same
 * target: an HTTP probe keeps its connection from one probe to the next. Made by
 * {@link NetworkProbes}; driven from the loop by {@link HealthProbes}, which keeps the timeout.
 */
interface NetProbe {
    /** How a probe ended: called once per {@link #start}, on an I/O thread (or the caller's, if it failed at once). */
    @FunctionalInterface
    interface Answer {
        void answered(boolean passed, String message, long endNanos);
    }

    /** Starts one probe; never waits. One at a time: the next starts only after this one's answer or {@link #abort}. */
    void start(Answer answer);

    /** The probe on its way, if any, is given up (it timed out): what it holds is closed; an answer racing with this is for the caller to ignore. */
    void abort();

    /**
     * The instance is no longer probed this way: a kept connection is closed. A probe that keeps
     * nothing between runs (TCP, and https, whose client keeps its own) gives up the one on its way.
     */
    default void close() {
        abort();
    }
}
