package jpm.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jpm.apply.Convergence.Kind;
import jpm.rpc.InstanceInfo;
import jpm.ecosystem.Supervision;
import org.junit.jupiter.api.Test;

/** The "is it up, on its way, or failing?" table of apply, start FILE and reload. */
class ConvergenceTest {
    static final Supervision RESTARTS = Supervision.DEFAULTS.toBuilder().autorestart(true).maxRestarts(16)
            .minUptimeMs(1000).restartDelayMs(0).build();
    static final Supervision ONE_SHOT = Supervision.DEFAULTS.toBuilder().autorestart(false).maxRestarts(16)
            .minUptimeMs(1000).restartDelayMs(0).build();

    static InstanceInfo inst(String status, int unstable, Long uptime, Integer code, String signal, String reason) {
        return new InstanceInfo(1, "api", "default", 0, status.equals("online") ? 42L : null, jpm.rpc.InstanceStatus.ofWire(status), unstable, unstable, uptime,
                0, 0, code, signal, reason, "/o", "/e", status.equals("waiting-restart") ? 400L : null);
    }

    static final Supervision PROBED = RESTARTS.toBuilder().health(Supervision.HealthCheck.http("http://127.0.0.1:${PORT}/")).build();

    static InstanceInfo online(String health) {
        return inst("online", 0, 1500L, null, null, null).withHealth(health);
    }

    record Row(String what, InstanceInfo i, Supervision want, int before, Kind expected) {}

    @Test
    void table() {
        List<Row> rows = List.of(
                new Row("online past min_uptime", inst("online", 0, 1500L, null, null, null), RESTARTS, 0, Kind.READY),
                new Row("online, not yet min_uptime", inst("online", 0, 200L, null, null, null), RESTARTS, 0, Kind.WAITING),
                new Row("launching", inst("launching", 0, null, null, null, null), RESTARTS, 0, Kind.WAITING),
                new Row("errored", inst("errored", 17, null, 1, null, "gave up"), RESTARTS, 0, Kind.FAILING),
                new Row("1st unstable exit", inst("waiting-restart", 1, null, 1, null, "exited"), RESTARTS, 0, Kind.WAITING),
                new Row("2nd unstable exit", inst("waiting-restart", 2, null, 1, null, "exited"), RESTARTS, 0, Kind.WAITING),
                new Row("3rd unstable exit", inst("waiting-restart", 3, null, 1, null, "exited"), RESTARTS, 0, Kind.FAILING),
                new Row("3rd, back online meanwhile", inst("online", 3, 10L, 1, null, null), RESTARTS, 0, Kind.FAILING),
                new Row("3rd by signal", inst("waiting-restart", 3, null, null, "SIGSEGV", "killed"), RESTARTS, 0, Kind.FAILING),
                new Row("looping before the command: 2 during it", inst("waiting-restart", 7, null, 1, null, "exited"), RESTARTS, 5,
                        Kind.WAITING),
                new Row("looping before the command: 3 during it", inst("waiting-restart", 8, null, 1, null, "exited"), RESTARTS, 5,
                        Kind.FAILING),
                new Row("count reset by a stable run, then 3", inst("waiting-restart", 3, null, 1, null, "exited"), RESTARTS, 5,
                        Kind.FAILING),
                new Row("count reset by a stable run, then 1", inst("waiting-restart", 1, null, 1, null, "exited"), RESTARTS, 5,
                        Kind.WAITING),
                new Row("one-shot done with 0", inst("stopped", 1, null, 0, null, "exited with code 0 (autorestart is off)"), ONE_SHOT, 0,
                        Kind.READY),
                new Row("one-shot failed with 2", inst("stopped", 1, null, 2, null, "exited with code 2 (autorestart is off)"), ONE_SHOT, 0,
                        Kind.FAILING),
                new Row("one-shot killed", inst("stopped", 1, null, null, "SIGKILL", "killed by SIGKILL (autorestart is off)"), ONE_SHOT, 0,
                        Kind.FAILING),
                new Row("stop_exit_codes", inst("stopped", 0, null, 3, null, "one of stop_exit_codes"),
                        Supervision.builder().stopExitCodes(List.of(3)).build(), 0, Kind.READY),
                new Row("stopped by hand (resumed by the plan)", inst("stopped", 0, null, 143, null, null), RESTARTS, 0, Kind.WAITING),
                // with a health probe: up means healthy
                new Row("probed, healthy", online("healthy"), PROBED, 0, Kind.READY),
                new Row("probed, healthy before min_uptime", inst("online", 0, 200L, null, null, null).withHealth("healthy"), PROBED, 0,
                        Kind.WAITING),
                new Row("probed, starting", online("starting"), PROBED, 0, Kind.WAITING),
                new Row("probed, unhealthy and only reported", online("unhealthy"), PROBED, 0, Kind.WAITING),
                new Row("probed, no health said (a daemon without probes)", online(null), PROBED, 0, Kind.WAITING),
                new Row("probed, never healthy: errored", inst("errored", 4, null, null, "SIGTERM", "never healthy: x"), PROBED, 0,
                        Kind.FAILING),
                new Row("not probed, health ignored", online("unhealthy"), RESTARTS, 0, Kind.READY));
        for (Row r : rows) {
            Convergence.Verdict v = Convergence.of(r.i(), r.want(), r.before());
            assertThat(v.kind()).as(r.what()).isEqualTo(r.expected());
            assertThat(v.why() != null).as(r.what() + ": a reason exactly when failing").isEqualTo(r.expected() == Kind.FAILING);
        }
    }
}
