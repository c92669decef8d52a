package jpm.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jpm.os.ProcFs;

/**
 * CPU percent and memory of a process, like PM2's pidusage: CPU is the share of one core used
 * since the previous sample of the same process (or since its start, on the first sample).
 */
final class UsageSampler {
    private record Sample(long ticks, long atNanos, double percent) {}

    record Usage(double cpuPercent, long memoryBytes) {}

    private final Map<String, Sample> last = new ConcurrentHashMap<>();

    Usage sample(long pid, java.time.Duration uptime) {
        var stat = ProcFs.stat(pid);
        if (stat.isEmpty() || stat.get().zombie()) return new Usage(0, 0);
        long ticks = stat.get().cpuTicks();
        long now = System.nanoTime();
        String key = pid + ":" + stat.get().startTicks();
        Sample prev = last.get(key);
        double cpuSeconds;
        double wallSeconds;
        if (prev == null) {
            cpuSeconds = ticks / (double) ProcFs.TICKS_PER_SECOND;
            wallSeconds = uptime.toNanos() / 1e9;
        } else {
            cpuSeconds = (ticks - prev.ticks()) / (double) ProcFs.TICKS_PER_SECOND;
            wallSeconds = (now - prev.atNanos()) / 1e9;
        }
        // Below half a second of wall time one clock tick is 2% or more: report 0 rather than noise.
        if (wallSeconds < 0.5) {
            // too close to the last sample for a meaningful rate: keep that sample, report its rate
            return new Usage(prev == null ? 0 : prev.percent(), ProcFs.rssBytes(pid));
        }
        double pct = Math.round(1000 * cpuSeconds / wallSeconds) / 10.0;
        last.put(key, new Sample(ticks, now, pct));
        if (last.size() > 10_000) last.clear(); // bounded: samples of dead processes are dropped wholesale
        return new Usage(pct, ProcFs.rssBytes(pid));
    }
}
