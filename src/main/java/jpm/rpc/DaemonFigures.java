package jpm.rpc;

/**
 * The daemon's own figures, for {@code jpm metrics} and the metrics listener (docs/metrics.md).
 *
 * @param memoryBytes the daemon's resident set size
 * @param cpuTimeMs CPU time (user + system) the daemon process used since it started
 * @param lastScanMicros how long the daemon's last /proc scan took
 * @param metricsUrl the URL the daemon's metrics listener serves, or null when it has none
 * @param metricsProblem why a listener that was asked for does not serve (it could not bind), or null
 */
public record DaemonFigures(long pid, String version, long uptimeMs, int apps, int instances, long memoryBytes, long cpuTimeMs,
                            long lastScanMicros, String metricsUrl, String metricsProblem) {}
