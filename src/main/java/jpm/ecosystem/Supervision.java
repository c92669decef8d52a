package jpm.ecosystem;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jpm.json.Unwrapped;

/**
 * How jpm looks after the process: every field here is applied to a running app live, without
 * a restart. Grouped by policy, each group checking its own values; on the wire and in plans the
 * groups are {@link Unwrapped}, so every field keeps its own name ({@code max_restarts}, not
 * {@code restart.max_restarts}). Make one with {@link #builder()} or {@link #toBuilder()}.
 */
public record Supervision(
        @Unwrapped RestartPolicy restart,
        @Unwrapped StopPolicy stop,
        @Unwrapped RestartTriggers triggers,
        @Unwrapped LogRotation logs,
        @Unwrapped Readiness readiness,
        @Unwrapped Hooks hooks,
        @Unwrapped Health health,
        @Unwrapped Dependencies dependencies) {

    /**
     * When an exited app is started again.
     *
     * @param expBackoffRestartDelayMs 0 = off; else the first delay of exponential backoff
     */
    public record RestartPolicy(boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                                long expBackoffRestartDelayMs) {
        public RestartPolicy {
            nonNegative("max_restarts", maxRestarts);
            nonNegative("min_uptime", minUptimeMs);
            nonNegative("restart_delay", restartDelayMs);
            nonNegative("exp_backoff_restart_delay", expBackoffRestartDelayMs);
        }
    }

    /**
     * How an app is stopped, and which of its exits are a stop for good.
     *
     * @param stopExitCodes exit codes after which an app is not restarted
     */
    public record StopPolicy(long killTimeoutMs, String stopSignal, List<Integer> stopExitCodes) {
        public StopPolicy {
            nonNegative("kill_timeout", killTimeoutMs);
            stopSignal = stopSignal == null || stopSignal.isEmpty() ? "SIGTERM" : stopSignal.toUpperCase(Locale.ROOT);
            if (!stopSignal.startsWith("SIG")) stopSignal = "SIG" + stopSignal;
            if (!STOP_SIGNALS.contains(stopSignal)) {
                throw new SpecException("stop_signal must be one of " + new java.util.TreeSet<>(STOP_SIGNALS) + ", got '" + stopSignal + "'");
            }
            stopExitCodes = stopExitCodes == null ? List.of() : List.copyOf(stopExitCodes);
        }
    }

    /**
     * What restarts an app that is still running.
     *
     * @param maxMemoryRestartBytes 0 = no limit
     * @param cronRestart the cron expression as written, checked by {@link CronSchedule#parse}; null = none,
     *     and {@code "0"} is none too ({@link CronSchedule#isDisabled})
     * @param watch paths to watch (empty = off)
     */
    public record RestartTriggers(long maxMemoryRestartBytes, String cronRestart, List<String> watch,
                                  List<String> ignoreWatch, long watchDelayMs) {
        public RestartTriggers {
            nonNegative("max_memory_restart", maxMemoryRestartBytes);
            nonNegative("watch_delay", watchDelayMs);
            cronRestart = cronRestart == null || cronRestart.isBlank() ? null : cronRestart.trim();
            // checked wherever a spec is made (file, CLI, wire), so the daemon never holds a bad one
            if (cronRestart != null) CronSchedule.parse(cronRestart);
            watch = watch == null ? List.of() : List.copyOf(watch);
            ignoreWatch = ignoreWatch == null ? List.of() : List.copyOf(ignoreWatch);
        }
    }

    /**
     * When the daemon rotates the app's log files it writes itself.
     *
     * @param logMaxSizeBytes rotate a log file when it reaches this size (0 = never)
     * @param logRetain rotated files kept per log file (older ones are deleted)
     * @param logCompress gzip rotated files
     */
    public record LogRotation(long logMaxSizeBytes, int logRetain, boolean logCompress) {
        public LogRotation {
            nonNegative("log_max_size", logMaxSizeBytes);
            nonNegative("log_retain", logRetain);
            if (logMaxSizeBytes > 0 && logMaxSizeBytes < MIN_LOG_SIZE) {
                throw new SpecException("log_max_size must be 0 (no rotation) or at least 4K, got " + logMaxSizeBytes);
            }
        }
    }

    /**
     * When a started app counts as online.
     *
     * @param waitReady the app says when it is ready (process.send('ready') or sd_notify READY=1): it
     *     is online only then, and a reload waits for it
     * @param listenTimeoutMs how long to wait for readiness (wait_ready, or a Node cluster app
     *     listening); longer is a failure
     */
    public record Readiness(boolean waitReady, long listenTimeoutMs) {
        public Readiness {
            if (listenTimeoutMs < 1) throw new SpecException("listen_timeout must be > 0, got " + listenTimeoutMs);
        }
    }

    /**
     * Commands the daemon runs when the app's events happen (docs/hooks.md): no shell, the event
     * on stdin. The event types are checked where a file is loaded (the schema lists them); a type
     * no event has never fires.
     *
     * @param hooks by event type ({@code errored}), the command: an absolute program, or a name
     *     the daemon finds on its PATH, then its arguments
     */
    public record Hooks(Map<String, List<String>> hooks) {
        public Hooks {
            Map<String, List<String>> sorted = new TreeMap<>();
            if (hooks != null) {
                hooks.forEach((type, argv) -> {
                    if (type == null || !type.matches("[a-z_]+")) throw new SpecException("hooks: invalid event type '" + type + "'");
                    sorted.put(type, command(type, argv));
                });
            }
            hooks = Collections.unmodifiableMap(sorted);
        }

        /** The command for events of this type, or null. */
        public List<String> commandFor(String eventType) {
            return hooks.get(eventType);
        }

        private static List<String> command(String type, List<String> argv) {
            if (argv == null || argv.isEmpty()) throw new SpecException("hooks." + type + ": the command is empty");
            if (argv.stream().anyMatch(a -> a == null || a.indexOf('\0') >= 0)) {
                throw new SpecException("hooks." + type + ": a word of the command is null or holds a NUL character");
            }
            String program = argv.getFirst();
            // a relative path would mean the daemon's own directory: the loader makes them absolute against cwd
            if (program.isEmpty() || (program.contains("/") && !program.startsWith("/"))) {
                throw new SpecException("hooks." + type + ": the program must be an absolute path or a name on PATH, got '"
                        + program + "'");
            }
            return List.copyOf(argv);
        }
    }

    /**
     * Whether the app answers, asked of every instance by a probe (docs/health.md).
     *
     * @param health the probe, or null for none
     */
    public record Health(HealthCheck health) {}

    /**
     * One probe: exactly one of {@code http}, {@code tcp} and {@code exec}. Its templates
     * ({@code ${PORT}}, {@code ${JPM_INSTANCE}}, any variable of the instance's env) are filled
     * per instance by the daemon.
     *
     * @param http a URL, healthy on a 2xx or 3xx answer
     * @param tcp {@code host:port}, healthy when a connection opens
     * @param exec a command (program, then arguments; no shell), healthy on exit 0
     * @param retries failures in a row that make an instance unhealthy
     * @param startPeriodMs after a spawn, failures do not count for this long
     * @param onUnhealthy {@code restart} or {@code none}
     */
    public record HealthCheck(String http, String tcp, List<String> exec, long intervalMs, long timeoutMs, int retries,
                              long startPeriodMs, String onUnhealthy) {
        public static final long DEFAULT_INTERVAL_MS = 10_000;
        public static final long DEFAULT_TIMEOUT_MS = 2_000;
        public static final int DEFAULT_RETRIES = 3;
        public static final String RESTART = "restart";
        public static final String NONE = "none";

        public HealthCheck {
            exec = exec == null || exec.isEmpty() ? null : List.copyOf(exec);
            int kinds = (http != null ? 1 : 0) + (tcp != null ? 1 : 0) + (exec != null ? 1 : 0);
            if (kinds != 1) throw new SpecException("health needs exactly one of http, tcp and exec, got " + kinds);
            if (intervalMs < 1) throw new SpecException("health.interval must be > 0, got " + intervalMs);
            if (timeoutMs < 1) throw new SpecException("health.timeout must be > 0, got " + timeoutMs);
            if (retries < 1) throw new SpecException("health.retries must be >= 1, got " + retries);
            nonNegative("health.start_period", startPeriodMs);
            onUnhealthy = onUnhealthy == null ? RESTART : onUnhealthy;
            if (!onUnhealthy.equals(RESTART) && !onUnhealthy.equals(NONE)) {
                throw new SpecException("health.on_unhealthy must be restart or none, got '" + onUnhealthy + "'");
            }
        }

        /** An HTTP probe with the defaults. */
        public static HealthCheck http(String url) {
            return new HealthCheck(url, null, null, DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, DEFAULT_RETRIES, 0, RESTART);
        }

        /** True when an unhealthy instance is restarted (else only reported). */
        public boolean restarts() {
            return onUnhealthy.equals(RESTART);
        }
    }

    /**
     * The apps this one needs before it starts (docs/health.md).
     *
     * @param dependsOn by app, as {@code namespace/name}, the condition it must meet: {@code started}
     *     (online), {@code healthy} (its probe passes) or {@code completed} (it exited 0 and is not restarted)
     * @param restartDependents when this app is restarted or reloaded, restart the apps that depend on it once it is back
     */
    public record Dependencies(Map<String, String> dependsOn, boolean restartDependents) {
        public static final String STARTED = "started";
        public static final String HEALTHY = "healthy";
        public static final String COMPLETED = "completed";
        public static final Set<String> CONDITIONS = Set.of(STARTED, HEALTHY, COMPLETED);

        public Dependencies {
            Map<String, String> sorted = new TreeMap<>();
            if (dependsOn != null) {
                dependsOn.forEach((app, condition) -> {
                    int slash = app == null ? -1 : app.indexOf('/');
                    if (slash < 0) throw new SpecException("depends_on: '" + app + "' must be namespace/name");
                    AppName.requireValid("depends_on: namespace", app.substring(0, slash));
                    AppName.requireValid("depends_on: app", app.substring(slash + 1));
                    if (!CONDITIONS.contains(condition)) {
                        throw new SpecException("depends_on." + app + ": condition must be started, healthy or completed, got '"
                                + condition + "'");
                    }
                    sorted.put(app, condition);
                });
            }
            dependsOn = Collections.unmodifiableMap(sorted);
        }
    }

    /** The smallest log_max_size: smaller would rotate on nearly every line. */
    public static final long MIN_LOG_SIZE = 4096;

    /** Signals a user may choose as stop_signal. */
    public static final Set<String> STOP_SIGNALS =
            Set.of("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGWINCH");

    /** PM2's defaults. */
    public static final Supervision DEFAULTS = new Supervision(
            new RestartPolicy(true, 16, 1000, 0, 0),
            new StopPolicy(1600, "SIGTERM", List.of()),
            new RestartTriggers(0, null, List.of(), List.of(), 1000),
            new LogRotation(0, 10, false),
            new Readiness(false, 3000),
            new Hooks(Map.of()),
            new Health(null),
            new Dependencies(Map.of(), false));

    /** Components left out of {@link #hash()}, i.e. whose change apply does not send to the daemon: none. */
    public static final Set<String> NOT_HASHED = Set.of();

    public Supervision {
        if (restart == null || stop == null || triggers == null || logs == null || readiness == null || hooks == null
                || health == null || dependencies == null) {
            throw new SpecException("a supervision needs every policy; start from Supervision.DEFAULTS");
        }
    }

    /**
     * A hash of every component but {@link #NOT_HASHED}: the planner updates an app live exactly
     * when it differs, so a component added later is applied without anyone listing it.
     */
    public String hash() {
        return ConfigHash.of(this, "supervision-v2", NOT_HASHED);
    }

    private static void nonNegative(String field, long v) {
        if (v < 0) throw new SpecException(field + " must be >= 0, got " + v);
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from this supervision. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets fields by name; {@link #build()} checks them through the policies' constructors. */
    public static final class Builder {
        private boolean autorestart;
        private int maxRestarts;
        private long minUptimeMs;
        private long restartDelayMs;
        private long expBackoffRestartDelayMs;
        private long killTimeoutMs;
        private String stopSignal;
        private List<Integer> stopExitCodes;
        private long maxMemoryRestartBytes;
        private String cronRestart;
        private List<String> watch;
        private List<String> ignoreWatch;
        private long watchDelayMs;
        private long logMaxSizeBytes;
        private int logRetain;
        private boolean logCompress;
        private boolean waitReady;
        private long listenTimeoutMs;
        private Map<String, List<String>> hooks;
        private HealthCheck health;
        private Map<String, String> dependsOn;
        private boolean restartDependents;

        private Builder(Supervision s) {
            restart(s.restart);
            stop(s.stop);
            triggers(s.triggers);
            logs(s.logs);
            readiness(s.readiness);
            hooks(s.hooks.hooks());
            health(s.health.health());
            dependsOn(s.dependencies.dependsOn());
            restartDependents(s.dependencies.restartDependents());
        }

        public Builder restart(RestartPolicy p) {
            return autorestart(p.autorestart()).maxRestarts(p.maxRestarts()).minUptimeMs(p.minUptimeMs())
                    .restartDelayMs(p.restartDelayMs()).expBackoffRestartDelayMs(p.expBackoffRestartDelayMs());
        }

        public Builder stop(StopPolicy p) {
            return killTimeoutMs(p.killTimeoutMs()).stopSignal(p.stopSignal()).stopExitCodes(p.stopExitCodes());
        }

        public Builder triggers(RestartTriggers t) {
            return maxMemoryRestartBytes(t.maxMemoryRestartBytes()).cronRestart(t.cronRestart()).watch(t.watch())
                    .ignoreWatch(t.ignoreWatch()).watchDelayMs(t.watchDelayMs());
        }

        public Builder logs(LogRotation l) {
            return logMaxSizeBytes(l.logMaxSizeBytes()).logRetain(l.logRetain()).logCompress(l.logCompress());
        }

        public Builder readiness(Readiness r) {
            return waitReady(r.waitReady()).listenTimeoutMs(r.listenTimeoutMs());
        }

        public Builder autorestart(boolean v) { autorestart = v; return this; }
        public Builder maxRestarts(int v) { maxRestarts = v; return this; }
        public Builder minUptimeMs(long v) { minUptimeMs = v; return this; }
        public Builder restartDelayMs(long v) { restartDelayMs = v; return this; }
        public Builder expBackoffRestartDelayMs(long v) { expBackoffRestartDelayMs = v; return this; }
        public Builder killTimeoutMs(long v) { killTimeoutMs = v; return this; }
        public Builder stopSignal(String v) { stopSignal = v; return this; }
        public Builder stopExitCodes(List<Integer> v) { stopExitCodes = v; return this; }
        public Builder maxMemoryRestartBytes(long v) { maxMemoryRestartBytes = v; return this; }
        public Builder cronRestart(String v) { cronRestart = v; return this; }
        public Builder watch(List<String> v) { watch = v; return this; }
        public Builder ignoreWatch(List<String> v) { ignoreWatch = v; return this; }
        public Builder watchDelayMs(long v) { watchDelayMs = v; return this; }
        public Builder logMaxSizeBytes(long v) { logMaxSizeBytes = v; return this; }
        public Builder logRetain(int v) { logRetain = v; return this; }
        public Builder logCompress(boolean v) { logCompress = v; return this; }
        public Builder waitReady(boolean v) { waitReady = v; return this; }
        public Builder listenTimeoutMs(long v) { listenTimeoutMs = v; return this; }
        public Builder hooks(Map<String, List<String>> v) { hooks = v; return this; }
        public Builder health(HealthCheck v) { health = v; return this; }
        public Builder dependsOn(Map<String, String> v) { dependsOn = v; return this; }
        public Builder restartDependents(boolean v) { restartDependents = v; return this; }

        /** @throws SpecException naming the first field whose value a policy refuses */
        public Supervision build() {
            return new Supervision(
                    new RestartPolicy(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs),
                    new StopPolicy(killTimeoutMs, stopSignal, stopExitCodes),
                    new RestartTriggers(maxMemoryRestartBytes, cronRestart, watch, ignoreWatch, watchDelayMs),
                    new LogRotation(logMaxSizeBytes, logRetain, logCompress),
                    new Readiness(waitReady, listenTimeoutMs),
                    new Hooks(hooks),
                    new Health(health),
                    new Dependencies(dependsOn, restartDependents));
        }
    }
}
