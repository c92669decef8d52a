package jpm.daemon.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;

/**
 * The records of {@code state.json} and {@code dump.json} as they are on disk, apart from the
 * wire's records and the spec's: a renamed spec component does not rename a key of the file, and
 * the file does not change with the protocol. The dump is the same record without instances.
 *
 * <p>Every component is nullable because any key may be absent: a file written before a key
 * existed lacks it. An absent key reads as the value the builds without it behaved as (the
 * spec's default), so such a key needs no new format version; only identity (name, script, cwd,
 * an instance's id and index) is required. The keys are those of format 1 (see docs/crash-safety.md).
 */
public record StateRecord(Integer version, Long nextId, Long generation, List<AppRecord> apps, List<RemovedRecord> removed) {

    /**
     * An app, the file that applied it (null: started by hand) and its instances (none in a dump);
     * what its last apply set and its last change by hand (absent: none).
     */
    public record AppRecord(SpecRecord spec, String owner, List<InstanceRecord> instances, AppliedRecord applied,
                            ChangedRecord changed) {}

    /** What the last apply that changed an app set. */
    public record AppliedRecord(String file, Integer instances, Instant at) {}

    /** The last change of an app by hand. */
    public record ChangedRecord(String command, String user, Instant at) {}

    /** An app of an ecosystem file removed by a command (the journal of removals). */
    public record RemovedRecord(String app, String file, String command, String user, Instant at) {}

    public record SpecRecord(String name, String namespace, Integer instances, LaunchRecord launch,
                             SupervisionRecord supervision) {
        static SpecRecord of(AppSpec s) {
            return new SpecRecord(s.name(), s.namespace(), s.instances(), LaunchRecord.of(s.launch()),
                    SupervisionRecord.of(s.supervision()));
        }

        AppSpec toSpec() {
            if (launch == null) throw new IllegalArgumentException("app " + name + " has no launch");
            return new AppSpec(name, namespace, instances == null ? 1 : instances, launch.toLaunch(),
                    supervision == null ? Supervision.DEFAULTS : supervision.toSupervision());
        }
    }

    public record LaunchRecord(String script, List<String> args, String cwd, String interpreter, List<String> interpreterArgs,
                               Map<String, String> env, String instanceVar, String incrementVar, String execMode,
                               String outFile, String errorFile, String logFile, Boolean mergeLogs, Boolean time,
                               String logDateFormat, String logType, Integer port, String listenAddress, String uid, String gid,
                               String stdin) {
        static LaunchRecord of(Launch l) {
            return new LaunchRecord(l.script(), l.args(), l.cwd(), l.interpreter(), l.interpreterArgs(), l.env(),
                    l.instanceVar(), l.incrementVar(), l.execMode(), l.outFile(), l.errorFile(), l.logFile(), l.mergeLogs(),
                    l.time(), l.logDateFormat(), l.logType(), l.port(), l.listenAddress(), l.uid(), l.gid(), l.stdin());
        }

        /** Absent lists, maps and strings are the Launch constructor's defaults; absent flags are false. */
        Launch toLaunch() {
            return new Launch(script, args, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                    outFile, errorFile, logFile, Boolean.TRUE.equals(mergeLogs), Boolean.TRUE.equals(time), logDateFormat,
                    logType, port, listenAddress, uid, gid, stdin);
        }
    }

    public record SupervisionRecord(Boolean autorestart, Integer maxRestarts, Long minUptimeMs, Long restartDelayMs,
                                    Long expBackoffRestartDelayMs, Long killTimeoutMs, String stopSignal,
                                    List<Integer> stopExitCodes, Long maxMemoryRestartBytes, String cronRestart,
                                    List<String> watch, List<String> ignoreWatch, Long watchDelayMs, Long logMaxSizeBytes,
                                    Integer logRetain, Boolean logCompress, Boolean waitReady, Long listenTimeoutMs,
                                    Map<String, List<String>> hooks, HealthRecord health, Map<String, String> dependsOn,
                                    Boolean restartDependents) {
        static SupervisionRecord of(Supervision s) {
            var r = s.restart();
            var st = s.stop();
            var t = s.triggers();
            var l = s.logs();
            return new SupervisionRecord(r.autorestart(), r.maxRestarts(), r.minUptimeMs(), r.restartDelayMs(),
                    r.expBackoffRestartDelayMs(), st.killTimeoutMs(), st.stopSignal(), st.stopExitCodes(),
                    t.maxMemoryRestartBytes(), t.cronRestart(), t.watch(), t.ignoreWatch(), t.watchDelayMs(),
                    l.logMaxSizeBytes(), l.logRetain(), l.logCompress(), s.readiness().waitReady(),
                    s.readiness().listenTimeoutMs(),
                    s.hooks().hooks().isEmpty() ? null : s.hooks().hooks(), // none: as a file of the builds before hooks says
                    HealthRecord.of(s.health().health()),
                    s.dependencies().dependsOn().isEmpty() ? null : s.dependencies().dependsOn(),
                    s.dependencies().restartDependents() ? true : null);
        }

        /** Each absent key is {@link Supervision#DEFAULTS}' value. */
        Supervision toSupervision() {
            Supervision.Builder b = Supervision.builder();
            if (autorestart != null) b.autorestart(autorestart);
            if (maxRestarts != null) b.maxRestarts(maxRestarts);
            if (minUptimeMs != null) b.minUptimeMs(minUptimeMs);
            if (restartDelayMs != null) b.restartDelayMs(restartDelayMs);
            if (expBackoffRestartDelayMs != null) b.expBackoffRestartDelayMs(expBackoffRestartDelayMs);
            if (killTimeoutMs != null) b.killTimeoutMs(killTimeoutMs);
            if (stopSignal != null) b.stopSignal(stopSignal);
            if (stopExitCodes != null) b.stopExitCodes(stopExitCodes);
            if (maxMemoryRestartBytes != null) b.maxMemoryRestartBytes(maxMemoryRestartBytes);
            b.cronRestart(cronRestart);
            if (watch != null) b.watch(watch);
            if (ignoreWatch != null) b.ignoreWatch(ignoreWatch);
            if (watchDelayMs != null) b.watchDelayMs(watchDelayMs);
            if (logMaxSizeBytes != null) b.logMaxSizeBytes(logMaxSizeBytes);
            if (logRetain != null) b.logRetain(logRetain);
            if (logCompress != null) b.logCompress(logCompress);
            if (waitReady != null) b.waitReady(waitReady);
            if (listenTimeoutMs != null) b.listenTimeoutMs(listenTimeoutMs);
            if (hooks != null) b.hooks(hooks);
            if (health != null) b.health(health.toCheck());
            if (dependsOn != null) b.dependsOn(dependsOn);
            if (restartDependents != null) b.restartDependents(restartDependents);
            return b.build();
        }
    }

    /** A health probe; absent: none. Absent fields are the defaults of a probe. */
    public record HealthRecord(String http, String tcp, List<String> exec, Long intervalMs, Long timeoutMs, Integer retries,
                               Long startPeriodMs, String onUnhealthy) {
        static HealthRecord of(Supervision.HealthCheck h) {
            return h == null ? null : new HealthRecord(h.http(), h.tcp(), h.exec(), h.intervalMs(), h.timeoutMs(), h.retries(),
                    h.startPeriodMs(), h.onUnhealthy());
        }

        Supervision.HealthCheck toCheck() {
            return new Supervision.HealthCheck(http, tcp, exec, or(intervalMs, Supervision.HealthCheck.DEFAULT_INTERVAL_MS),
                    or(timeoutMs, Supervision.HealthCheck.DEFAULT_TIMEOUT_MS), or(retries, Supervision.HealthCheck.DEFAULT_RETRIES),
                    or(startPeriodMs, 0L), onUnhealthy);
        }
    }

    /**
     * One instance as last known: {@code pid} and {@code startTicks} identify its process, if any;
     * {@code startAfterStop}: a stop in progress is the first half of a restart (absent: no).
     */
    public record InstanceRecord(Long id, Integer index, Long pid, Long startTicks, String status, Integer restarts,
                                 Integer unstableRestarts, Integer exitCode, String exitSignal, String reason,
                                 Boolean startAfterStop) {}

    static <T> T or(T value, T absent) {
        return value == null ? absent : value;
    }

    static <T> T required(T value, String what) {
        if (value == null) throw new IllegalArgumentException(what + " is missing");
        return value;
    }
}
