package jpm.daemon;

/** One health probe of an instance, kept for describe (the last {@link HealthProbes#RECENT}). */
record ProbeRecord(java.time.Instant at, boolean passed, long latencyMs, String message) {}
