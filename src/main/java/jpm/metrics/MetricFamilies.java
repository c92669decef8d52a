package jpm.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jpm.rpc.DaemonFigures;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;

/**
 * The daemon's answer to {@code metrics} as Prometheus metric families: one series per instance
 * for each {@code jpm_instance_*} family, and the daemon's own {@code jpm_daemon_*} figures. Pure:
 * the same answer always gives the same families (docs/metrics.md lists them).
 *
 * <p>The instance labels are {@code namespace}, {@code name}, {@code id} and {@code index} (jlist's
 * {@code instance}): a label called {@code instance} would collide with the label Prometheus gives
 * every scraped series (the target's host:port), and be renamed {@code exported_instance}.
 */
public final class MetricFamilies {
    private MetricFamilies() {}

    public static MetricSnapshots of(DaemonFigures daemon, List<InstanceInfo> instances) {
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge("jpm_instance_up", "1 when the instance is online, else 0.", null, instances,
                i -> i.status() == InstanceStatus.ONLINE ? 1.0 : 0.0));
        out.add(status(instances));
        out.add(health(instances));
        out.add(counter("jpm_instance_restarts", "How many times jpm started the instance again after its first start"
                + " (automatic restarts and jpm restart; jpm reset zeroes it).", null, instances, i -> (double) i.restarts()));
        out.add(gauge("jpm_instance_unstable_restarts", "Exits in a row sooner than min_uptime after spawn; errored once"
                + " above max_restarts.", null, instances, i -> (double) i.unstableRestarts()));
        out.add(counter("jpm_instance_cpu_seconds", "CPU time (user and system) the instance's process trees used over"
                + " all its runs in this daemon's life, as of the daemon's last /proc scan.", Unit.SECONDS, instances,
                i -> i.cpuTimeMs() == null ? null : i.cpuTimeMs() / 1000.0));
        out.add(gauge("jpm_instance_memory_bytes", "Resident memory of the instance's process tree at the last /proc scan;"
                + " 0 when it does not run.", Unit.BYTES, instances, i -> (double) i.memoryBytes()));
        out.add(gauge("jpm_instance_uptime_seconds", "Seconds since the current process was spawned; absent when none runs.",
                Unit.SECONDS, instances, i -> i.uptimeMs() == null ? null : i.uptimeMs() / 1000.0));
        out.add(gauge("jpm_instance_last_exit_code", "The exit code of the main process's last exit; absent before the"
                + " first exit and when it died by a signal.", null, instances,
                i -> i.exitCode() == null ? null : (double) i.exitCode()));

        out.add(InfoSnapshot.builder().name("jpm_daemon").help("The daemon's version (the value is always 1).")
                .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("version", daemon.version())).build()).build());
        out.add(daemonGauge("jpm_daemon_uptime_seconds", "Seconds since the daemon started.", Unit.SECONDS, daemon.uptimeMs() / 1000.0));
        out.add(daemonGauge("jpm_daemon_apps", "Apps the daemon manages.", null, daemon.apps()));
        out.add(daemonGauge("jpm_daemon_instances", "Instances of all apps, whatever their status.", null, daemon.instances()));
        out.add(daemonGauge("jpm_daemon_memory_bytes", "The daemon process's resident memory.", Unit.BYTES, daemon.memoryBytes()));
        out.add(CounterSnapshot.builder().name("jpm_daemon_cpu_seconds").help("CPU time (user and system) the daemon process used.")
                .unit(Unit.SECONDS).dataPoint(CounterDataPointSnapshot.builder().value(daemon.cpuTimeMs() / 1000.0).build()).build());
        out.add(daemonGauge("jpm_daemon_scan_duration_seconds", "How long the daemon's last /proc scan (CPU, memory) took.",
                Unit.SECONDS, daemon.lastScanMicros() / 1e6));
        return new MetricSnapshots(out);
    }

    /** The labels of an instance's series. */
    static Labels labels(InstanceInfo i) {
        return Labels.of("namespace", i.namespace(), "name", i.name(), "id", Long.toString(i.id()), "index",
                Integer.toString(i.instance()));
    }

    /**
     * One series per instance and status, 1 for its status and 0 for the others (a state set, as
     * kube-state-metrics does for pod phases): {@code jpm_instance_status{status="errored"} == 1}
     * alerts without knowing which statuses exist.
     */
    private static GaugeSnapshot status(List<InstanceInfo> instances) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("jpm_instance_status")
                .help("1 for the instance's status (launching, online, stopping, stopped, waiting-restart, waiting, errored), 0 for the others.");
        for (InstanceInfo i : instances) {
            for (InstanceStatus s : InstanceStatus.values()) {
                b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(i).add("status", s.wire()))
                        .value(i.status() == s ? 1 : 0).build());
            }
        }
        return b.build();
    }

    /** An instance's health as its probe concluded (jlist's health), the order of the series. */
    static final List<String> HEALTH = List.of("starting", "healthy", "unhealthy");

    /**
     * A state set like {@code jpm_instance_status}, for the instances whose health probe runs (jlist's
     * {@code health} not null): {@code jpm_instance_health{health="unhealthy"} == 1} alerts.
     */
    private static GaugeSnapshot health(List<InstanceInfo> instances) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("jpm_instance_health")
                .help("1 for what the instance's health probe concluded (starting, healthy, unhealthy), 0 for the others;"
                        + " absent without a probe or a running process.");
        for (InstanceInfo i : instances) {
            if (i.health() == null) continue;
            for (String h : HEALTH) {
                b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(i).add("health", h)).value(h.equals(i.health()) ? 1 : 0).build());
            }
        }
        return b.build();
    }

    /** A gauge with a series per instance whose value is not null. */
    private static GaugeSnapshot gauge(String name, String help, Unit unit, List<InstanceInfo> instances,
                                       Function<InstanceInfo, Double> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        for (InstanceInfo i : instances) {
            Double v = value.apply(i);
            if (v != null) b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(i)).value(v).build());
        }
        return b.build();
    }

    /** A counter (name without _total: the writers add it) with a series per instance whose value is not null. */
    private static CounterSnapshot counter(String name, String help, Unit unit, List<InstanceInfo> instances,
                                           Function<InstanceInfo, Double> value) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        for (InstanceInfo i : instances) {
            Double v = value.apply(i);
            if (v != null) b.dataPoint(CounterDataPointSnapshot.builder().labels(labels(i)).value(v).build());
        }
        return b.build();
    }

    private static GaugeSnapshot daemonGauge(String name, String help, Unit unit, double value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        return b.dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
