package jpm.ecosystem;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How jpm looks after the process: every field here is applied to a running app live, without
 * a restart (restart policy, stop policy, memory limit, cron, watch).
 *
 * @param expBackoffRestartDelayMs 0 = off; else the first delay of exponential backoff
 * @param stopExitCodes exit codes after which an app is not restarted
 * @param maxMemoryRestartBytes 0 = no limit
 * @param cronRestart the cron expression as written, checked by {@link CronSchedule#parse}; null = none,
 *     and {@code "0"} is none too ({@link CronSchedule#isDisabled})
 * @param watch paths to watch (empty = off)
 * @param logMaxSizeBytes rotate a log file when it reaches this size (0 = never)
 * @param logRetain rotated files kept per log file (older ones are deleted)
 * @param logCompress gzip rotated files
 * @param waitReady the app says when it is ready (process.send('ready') or sd_notify READY=1): it
 *     is online only then, and a reload waits for it
 * @param listenTimeoutMs how long to wait for readiness (wait_ready, or a Node cluster app
 *     listening); longer is a failure
 */
public record Supervision(
        boolean autorestart,
        int maxRestarts,
        long minUptimeMs,
        long restartDelayMs,
        long expBackoffRestartDelayMs,
        long killTimeoutMs,
        String stopSignal,
        List<Integer> stopExitCodes,
        long maxMemoryRestartBytes,
        String cronRestart,
        List<String> watch,
        List<String> ignoreWatch,
        long watchDelayMs,
        long logMaxSizeBytes,
        int logRetain,
        boolean logCompress,
        boolean waitReady,
        long listenTimeoutMs) {

    /** The smallest log_max_size: smaller would rotate on nearly every line. */
    public static final long MIN_LOG_SIZE = 4096;

    /** Signals a user may choose as stop_signal. */
    public static final Set<String> STOP_SIGNALS =
            Set.of("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGWINCH");

    /** PM2's defaults. */
    public static final Supervision DEFAULTS =
            new Supervision(true, 16, 1000, 0, 0, 1600, "SIGTERM", List.of(), 0, null, List.of(), List.of(), 1000, 0, 10, false, false, 3000);

    /** Components left out of {@link #hash()}, i.e. whose change apply does not send to the daemon: none. */
    public static final Set<String> NOT_HASHED = Set.of();

    public Supervision {
        stopSignal = stopSignal == null || stopSignal.isEmpty() ? "SIGTERM" : stopSignal.toUpperCase(Locale.ROOT);
        if (!stopSignal.startsWith("SIG")) stopSignal = "SIG" + stopSignal;
        if (!STOP_SIGNALS.contains(stopSignal)) {
            throw new SpecException("stop_signal must be one of " + new java.util.TreeSet<>(STOP_SIGNALS) + ", got '" + stopSignal + "'");
        }
        nonNegative("max_restarts", maxRestarts);
        nonNegative("min_uptime", minUptimeMs);
        nonNegative("restart_delay", restartDelayMs);
        nonNegative("exp_backoff_restart_delay", expBackoffRestartDelayMs);
        nonNegative("kill_timeout", killTimeoutMs);
        nonNegative("max_memory_restart", maxMemoryRestartBytes);
        nonNegative("watch_delay", watchDelayMs);
        nonNegative("log_max_size", logMaxSizeBytes);
        nonNegative("log_retain", logRetain);
        if (listenTimeoutMs < 1) throw new SpecException("listen_timeout must be > 0, got " + listenTimeoutMs);
        if (logMaxSizeBytes > 0 && logMaxSizeBytes < MIN_LOG_SIZE) {
            throw new SpecException("log_max_size must be 0 (no rotation) or at least 4K, got " + logMaxSizeBytes);
        }
        stopExitCodes = stopExitCodes == null ? List.of() : List.copyOf(stopExitCodes);
        cronRestart = cronRestart == null || cronRestart.isBlank() ? null : cronRestart.trim();
        // checked wherever a spec is made (file, CLI, wire), so the daemon never holds a bad one
        if (cronRestart != null) CronSchedule.parse(cronRestart);
        watch = watch == null ? List.of() : List.copyOf(watch);
        ignoreWatch = ignoreWatch == null ? List.of() : List.copyOf(ignoreWatch);
    }

    /**
     * A hash of every component but {@link #NOT_HASHED}: the planner updates an app live exactly
     * when it differs, so a component added later is applied without anyone listing it.
     */
    public String hash() {
        return ConfigHash.of(this, "supervision-v1", NOT_HASHED);
    }

    private static void nonNegative(String field, long v) {
        if (v < 0) throw new SpecException(field + " must be >= 0, got " + v);
    }

    public Supervision withStop(String signal, long killTimeout) {
        return new Supervision(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, killTimeout,
                signal, stopExitCodes, maxMemoryRestartBytes, cronRestart, watch, ignoreWatch, watchDelayMs,
                logMaxSizeBytes, logRetain, logCompress, waitReady, listenTimeoutMs);
    }

    public Supervision withRestartPolicy(boolean auto, int max, long minUptime, long delay) {
        return new Supervision(auto, max, minUptime, delay, expBackoffRestartDelayMs, killTimeoutMs,
                stopSignal, stopExitCodes, maxMemoryRestartBytes, cronRestart, watch, ignoreWatch, watchDelayMs,
                logMaxSizeBytes, logRetain, logCompress, waitReady, listenTimeoutMs);
    }

    public Supervision withWatch(List<String> paths) {
        return new Supervision(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, killTimeoutMs,
                stopSignal, stopExitCodes, maxMemoryRestartBytes, cronRestart, paths, ignoreWatch, watchDelayMs,
                logMaxSizeBytes, logRetain, logCompress, waitReady, listenTimeoutMs);
    }

    public Supervision withLogRotation(long maxSizeBytes, int retain, boolean compress) {
        return new Supervision(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, killTimeoutMs,
                stopSignal, stopExitCodes, maxMemoryRestartBytes, cronRestart, watch, ignoreWatch, watchDelayMs,
                maxSizeBytes, retain, compress, waitReady, listenTimeoutMs);
    }

    public Supervision withReadiness(boolean wait, long timeoutMs) {
        return new Supervision(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, killTimeoutMs,
                stopSignal, stopExitCodes, maxMemoryRestartBytes, cronRestart, watch, ignoreWatch, watchDelayMs,
                logMaxSizeBytes, logRetain, logCompress, wait, timeoutMs);
    }
}
