package jpm.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.Quantities;

/**
 * What the daemon spends on hooks (docs/hooks.md), from its environment: how long one may run,
 * how many run at once, and how many events may wait for a free slot. Daemon settings, not app
 * attributes: they bound processes and threads of the whole daemon, whichever app's events fill
 * the queue. Pure.
 *
 * @param timeout a hook still running after this gets SIGTERM, then SIGKILL {@link #KILL_AFTER} later
 * @param concurrency hooks running at once, at most
 * @param queue events waiting for a slot, at most; more are dropped and counted
 */
record HookLimits(Duration timeout, int concurrency, int queue) {
    static final String TIMEOUT = "JPM_HOOK_TIMEOUT";
    static final String CONCURRENCY = "JPM_HOOK_CONCURRENCY";
    static final String QUEUE = "JPM_HOOK_QUEUE";
    static final HookLimits DEFAULTS = new HookLimits(Duration.ofSeconds(10), 4, 1000);
    /** From SIGTERM to SIGKILL of a hook that outlived its timeout. */
    static final Duration KILL_AFTER = Duration.ofSeconds(2);
    static final int MAX_CONCURRENCY = 64;
    static final int MAX_QUEUE = 100_000;

    /** The limits and, for each variable that is set but wrong, a warning (its default is used). */
    record Read(HookLimits limits, List<String> warnings) {}

    static Read from(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        long timeoutMs = DEFAULTS.timeout.toMillis();
        String t = env.get(TIMEOUT);
        if (t != null) {
            try {
                long ms = Quantities.durationMs(t);
                if (ms < 1) throw new IllegalArgumentException("must be more than 0");
                timeoutMs = ms;
            } catch (RuntimeException e) {
                warnings.add(TIMEOUT + "='" + t + "' is not a duration (10s, 500ms, 2m): hooks time out after " + timeoutMs + " ms");
            }
        }
        int concurrency = count(env, CONCURRENCY, 1, MAX_CONCURRENCY, DEFAULTS.concurrency, warnings);
        int queue = count(env, QUEUE, 0, MAX_QUEUE, DEFAULTS.queue, warnings);
        return new Read(new HookLimits(Duration.ofMillis(timeoutMs), concurrency, queue), List.copyOf(warnings));
    }

    private static int count(Map<String, String> env, String name, int min, int max, int dflt, List<String> warnings) {
        String v = env.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        warnings.add(name + "='" + v + "' is not a number from " + min + " to " + max + ": using " + dflt);
        return dflt;
    }
}
