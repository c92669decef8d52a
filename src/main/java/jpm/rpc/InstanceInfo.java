package jpm.rpc;

/**
 * One instance as {@code jpm jlist} shows it: the documented, stable JSON object (snake_case
 * keys, see docs/jlist.md). Nullable fields are null when they do not apply (no pid when not
 * running, no exit code before the first exit).
 *
 * @param status one of launching, online, stopping, stopped, waiting-restart, waiting, errored
 * @param statusReason why an instance is errored, waiting to restart or stopped by itself (else null)
 * @param nextRestartInMs a waiting-restart instance: how long until its restart (else null)
 * @param cpuTimeMs CPU time (user + system) the instance's process trees used over all its runs
 *     in this daemon's life, as of the daemon's last /proc scan; never decreases. A boxed Long
 *     only so that a client can read the answers of a daemon older than this key (null then):
 *     this daemon always sends it
 * @param health what the app's health probe concluded for the running process: starting,
 *     healthy or unhealthy; null without a probe or a process
 * @param revision the revision of the app's ecosystem file its definition came from
 *     (docs/gitops.md); null for an app started without a file, or applied before revisions were kept
 */
public record InstanceInfo(
        long id,
        String name,
        String namespace,
        int instance,
        Long pid,
        InstanceStatus status,
        int restarts,
        int unstableRestarts,
        Long uptimeMs,
        double cpuPercent,
        long memoryBytes,
        Integer exitCode,
        String exitSignal,
        String statusReason,
        String outLog,
        String errLog,
        Long nextRestartInMs,
        Long cpuTimeMs,
        String health,
        Integer revision) {
    /** An instance of an app without a revision. */
    public InstanceInfo(long id, String name, String namespace, int instance, Long pid, InstanceStatus status, int restarts,
                        int unstableRestarts, Long uptimeMs, double cpuPercent, long memoryBytes, Integer exitCode,
                        String exitSignal, String statusReason, String outLog, String errLog, Long nextRestartInMs,
                        Long cpuTimeMs, String health) {
        this(id, name, namespace, instance, pid, status, restarts, unstableRestarts, uptimeMs, cpuPercent, memoryBytes,
                exitCode, exitSignal, statusReason, outLog, errLog, nextRestartInMs, cpuTimeMs, health, null);
    }

    /** An instance without a health probe. */
    public InstanceInfo(long id, String name, String namespace, int instance, Long pid, InstanceStatus status, int restarts,
                        int unstableRestarts, Long uptimeMs, double cpuPercent, long memoryBytes, Integer exitCode,
                        String exitSignal, String statusReason, String outLog, String errLog, Long nextRestartInMs,
                        Long cpuTimeMs) {
        this(id, name, namespace, instance, pid, status, restarts, unstableRestarts, uptimeMs, cpuPercent, memoryBytes,
                exitCode, exitSignal, statusReason, outLog, errLog, nextRestartInMs, cpuTimeMs, null);
    }

    /** An instance whose trees used no CPU time. */
    public InstanceInfo(long id, String name, String namespace, int instance, Long pid, InstanceStatus status, int restarts,
                        int unstableRestarts, Long uptimeMs, double cpuPercent, long memoryBytes, Integer exitCode,
                        String exitSignal, String statusReason, String outLog, String errLog, Long nextRestartInMs) {
        this(id, name, namespace, instance, pid, status, restarts, unstableRestarts, uptimeMs, cpuPercent, memoryBytes,
                exitCode, exitSignal, statusReason, outLog, errLog, nextRestartInMs, 0L);
    }

    /** An instance with no restart scheduled. */
    public InstanceInfo(long id, String name, String namespace, int instance, Long pid, InstanceStatus status, int restarts,
                        int unstableRestarts, Long uptimeMs, double cpuPercent, long memoryBytes, Integer exitCode,
                        String exitSignal, String statusReason, String outLog, String errLog) {
        this(id, name, namespace, instance, pid, status, restarts, unstableRestarts, uptimeMs, cpuPercent, memoryBytes,
                exitCode, exitSignal, statusReason, outLog, errLog, null, 0L);
    }

    public InstanceInfo withCpuTimeMs(Long ms) {
        return new InstanceInfo(id, name, namespace, instance, pid, status, restarts, unstableRestarts, uptimeMs, cpuPercent,
                memoryBytes, exitCode, exitSignal, statusReason, outLog, errLog, nextRestartInMs, ms, health, revision);
    }

    public InstanceInfo withHealth(String h) {
        return new InstanceInfo(id, name, namespace, instance, pid, status, restarts, unstableRestarts, uptimeMs, cpuPercent,
                memoryBytes, exitCode, exitSignal, statusReason, outLog, errLog, nextRestartInMs, cpuTimeMs, h, revision);
    }
}
