package jpm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jpm.rpc.DaemonFigures;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Instances and daemon figures → metric families, checked on the text Prometheus reads. */
class MetricFamiliesTest {
    static final DaemonFigures DAEMON = new DaemonFigures(99, "0.1.0", 125_500, 2, 3, 52_428_800, 1_230, 15_000, null, null);
    static final String L = "{id=\"7\",index=\"1\",name=\"api\",namespace=\"web\"}";
    /** A series of jpm_instance_health: its labels sort the health first. */
    static String health(String h, String value) {
        return "jpm_instance_health{health=\"" + h + "\"," + L.substring(1) + " " + value;
    }

    static InstanceInfo instance(InstanceStatus status, Long uptimeMs, long memory, Integer exitCode, String signal, Long cpuMs) {
        return new InstanceInfo(7, "api", "web", 1, uptimeMs == null ? null : 4173L, status, 2, 1, uptimeMs, 0.4, memory, exitCode,
                signal, null, "/o", "/e", null, cpuMs);
    }

    /** Every row: an instance as jlist shows it, and the series of jpm_instance_* it gives (status aside). */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("online, never exited", instance(InstanceStatus.ONLINE, 2266L, 3_137_536, null, null, 12_340L), List.of(
                        "jpm_instance_up" + L + " 1.0",
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_cpu_seconds_total" + L + " 12.34",
                        "jpm_instance_memory_bytes" + L + " 3137536.0",
                        "jpm_instance_uptime_seconds" + L + " 2.266")),
                Arguments.of("online after an exit with code 1", instance(InstanceStatus.ONLINE, 10L, 4096, 1, null, 0L), List.of(
                        "jpm_instance_up" + L + " 1.0",
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_cpu_seconds_total" + L + " 0.0",
                        "jpm_instance_memory_bytes" + L + " 4096.0",
                        "jpm_instance_uptime_seconds" + L + " 0.01",
                        "jpm_instance_last_exit_code" + L + " 1.0")),
                Arguments.of("errored: no process, its CPU time kept", instance(InstanceStatus.ERRORED, null, 0, 3, null, 50L), List.of(
                        "jpm_instance_up" + L + " 0.0",
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_cpu_seconds_total" + L + " 0.05",
                        "jpm_instance_memory_bytes" + L + " 0.0",
                        "jpm_instance_last_exit_code" + L + " 3.0")),
                Arguments.of("stopped by a signal: no exit code", instance(InstanceStatus.STOPPED, null, 0, null, "SIGTERM", 50L), List.of(
                        "jpm_instance_up" + L + " 0.0",
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_cpu_seconds_total" + L + " 0.05",
                        "jpm_instance_memory_bytes" + L + " 0.0")),
                Arguments.of("stopping: a process, not up", instance(InstanceStatus.STOPPING, 5000L, 8192, null, null, 70L), List.of(
                        "jpm_instance_up" + L + " 0.0",
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_cpu_seconds_total" + L + " 0.07",
                        "jpm_instance_memory_bytes" + L + " 8192.0",
                        "jpm_instance_uptime_seconds" + L + " 5.0")),
                Arguments.of("online and healthy: a health state set", instance(InstanceStatus.ONLINE, 2266L, 4096, null, null, 0L)
                        .withHealth("healthy"), List.of(
                        "jpm_instance_up" + L + " 1.0",
                        health("healthy", "1.0"),
                        health("starting", "0.0"),
                        health("unhealthy", "0.0"),
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_cpu_seconds_total" + L + " 0.0",
                        "jpm_instance_memory_bytes" + L + " 4096.0",
                        "jpm_instance_uptime_seconds" + L + " 2.266")),
                Arguments.of("from a daemon without cpu_time_ms: no CPU series", instance(InstanceStatus.WAITING_RESTART, null, 0, 1, null, null), List.of(
                        "jpm_instance_up" + L + " 0.0",
                        "jpm_instance_restarts_total" + L + " 2.0",
                        "jpm_instance_unstable_restarts" + L + " 1.0",
                        "jpm_instance_memory_bytes" + L + " 0.0",
                        "jpm_instance_last_exit_code" + L + " 1.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void anInstanceGivesOneSeriesPerFamilyThatApplies(String what, InstanceInfo i, List<String> expected) {
        List<String> series = samples(List.of(i)).filter(l -> l.startsWith("jpm_instance_") && !l.startsWith("jpm_instance_status")).toList();
        assertThat(series).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theStatusIsAStateSetWithOneSeriesPerStatus() {
        for (InstanceStatus current : InstanceStatus.values()) {
            List<String> series = samples(List.of(instance(current, null, 0, null, null, 0L)))
                    .filter(l -> l.startsWith("jpm_instance_status{")).toList();
            assertThat(series).hasSize(InstanceStatus.values().length);
            for (InstanceStatus s : InstanceStatus.values()) {
                assertThat(series).contains("jpm_instance_status{id=\"7\",index=\"1\",name=\"api\",namespace=\"web\",status=\"" + s.wire()
                        + "\"} " + (s == current ? "1.0" : "0.0"));
            }
        }
    }

    @Test
    void theDaemonsOwnFigures() {
        assertThat(samples(List.of()).toList()).containsExactlyInAnyOrder(
                "jpm_daemon_info{version=\"0.1.0\"} 1",
                "jpm_daemon_uptime_seconds 125.5",
                "jpm_daemon_apps 2.0",
                "jpm_daemon_instances 3.0",
                "jpm_daemon_memory_bytes 5.24288E7",
                "jpm_daemon_cpu_seconds_total 1.23",
                "jpm_daemon_scan_duration_seconds 0.015");
    }

    @Test
    void everyInstanceHasItsOwnSeriesAndLabelValuesAreEscaped() {
        InstanceInfo a = new InstanceInfo(0, "a\"b\\c", "default", 0, null, InstanceStatus.STOPPED, 0, 0, null, 0, 0, null, null, null,
                "/o", "/e", null, 0L);
        InstanceInfo b = new InstanceInfo(1, "worker", "jobs", 3, 10L, InstanceStatus.ONLINE, 0, 0, 1L, 0, 0, null, null, null,
                "/o", "/e", null, 0L);
        assertThat(samples(List.of(a, b)).filter(l -> l.startsWith("jpm_instance_up{")).toList()).containsExactly(
                "jpm_instance_up{id=\"0\",index=\"0\",name=\"a\\\"b\\\\c\",namespace=\"default\"} 0.0",
                "jpm_instance_up{id=\"1\",index=\"3\",name=\"worker\",namespace=\"jobs\"} 1.0");
    }

    /** Every family has help and a type; counters end in _total and carry a unit where they have one (OpenMetrics). */
    @Test
    void theMetadataPrometheusShows() {
        String text = text(List.of(instance(InstanceStatus.ONLINE, 1L, 1, 1, null, 1L)), false);
        assertThat(text).contains("# TYPE jpm_instance_restarts_total counter\n", "# TYPE jpm_instance_cpu_seconds_total counter\n",
                "# TYPE jpm_instance_up gauge\n", "# TYPE jpm_instance_status gauge\n", "# TYPE jpm_daemon_cpu_seconds_total counter\n",
                "# HELP jpm_instance_up 1 when the instance is online, else 0.\n");
        String open = text(List.of(instance(InstanceStatus.ONLINE, 1L, 1, 1, null, 1L)), true);
        assertThat(open).contains("# UNIT jpm_instance_cpu_seconds seconds\n", "# UNIT jpm_instance_memory_bytes bytes\n",
                "# UNIT jpm_instance_uptime_seconds seconds\n", "# TYPE jpm_daemon info\n").endsWith("# EOF\n");
    }

    private static Stream<String> samples(List<InstanceInfo> instances) {
        return Arrays.stream(text(instances, false).split("\n")).filter(l -> !l.startsWith("#") && !l.isEmpty());
    }

    private static String text(List<InstanceInfo> instances, boolean openMetrics) {
        return new String(Exposition.text(MetricFamilies.of(DAEMON, instances), openMetrics), StandardCharsets.UTF_8);
    }
}
