package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Response;
import org.junit.jupiter.api.Test;

class DaemonHandoverTest {
    private static InstanceInfo instance(long id, int n, Long pid, String status) {
        return new InstanceInfo(id, "api", "default", n, pid, jpm.rpc.InstanceStatus.ofWire(status), 0, 0, null, 0, 0, null, null, null, "o", "e");
    }

    @Test
    void onlyInstancesWithAProcessAreNoted() {
        assertThat(DaemonHandover.runningPids(List.of(instance(0, 0, 100L, "online"), instance(1, 1, null, "stopped"),
                instance(2, 2, 102L, "launching")))).isEqualTo(Map.of(0L, 100L, 2L, 102L));
        assertThat(DaemonHandover.runningPids(List.of())).isEmpty();
    }

    @Test
    void anInstanceIsRestartedMeanwhileWhenItsPidChangedOrIsGone() {
        Map<Long, Long> before = Map.of(0L, 100L, 1L, 101L, 2L, 102L, 3L, 103L);
        List<InstanceInfo> after = List.of(
                instance(0, 0, 100L, "online"),      // kept its process
                instance(1, 1, 201L, "online"),      // exited meanwhile, restarted by policy
                instance(2, 2, null, "stopped"),     // exited meanwhile, not restarted
                instance(4, 4, 204L, "online"),      // had no process before
                instance(5, 5, null, "stopped"));    // nor after
        // instance 3 is gone from the list (deleted meanwhile): not counted
        assertThat(DaemonHandover.restartedMeanwhile(before, after)).containsExactly(
                "api#1 (pid 101 -> 201, online)",
                "api#2 (pid 102 -> none, stopped)");
        assertThat(DaemonHandover.restartedMeanwhile(Map.of(), after)).isEmpty();
    }

    @Test
    void theOutcomeCountsTheInstancesThatKeptTheirProcess() {
        Response.Pong old = new Response.Pong(10, 0, "0.1.0", 1, 3, 0, "jpm-a.jar");
        Response.Pong now = new Response.Pong(20, 0, "0.1.0", 1, 3, 0, "jpm-b.jar");
        DaemonHandover.Outcome o = new DaemonHandover.Outcome(old, now, 3, List.of("api#1 (pid 101 -> 201, online)"));
        assertThat(o.kept()).isEqualTo(2);
        assertThat(UpdateCommand.report(o, false, Path.of("/h"))).containsExactly(
                "daemon updated: pid 10 (jpm-a.jar) -> pid 20 (jpm-b.jar); 2 running instance(s) kept their pids",
                "  restarted meanwhile: api#1 (pid 101 -> 201, online)");
        assertThat(UpdateCommand.report(o, true, Path.of("/h"))).containsExactly("{\"old_pid\":10,\"old_build\":\"jpm-a.jar\","
                + "\"new_pid\":20,\"new_build\":\"jpm-b.jar\",\"instances_kept\":2,"
                + "\"instances_changed\":[\"api#1 (pid 101 -> 201, online)\"]}");
        DaemonHandover.Outcome started = new DaemonHandover.Outcome(null, now, 0, List.of());
        assertThat(UpdateCommand.report(started, false, Path.of("/h"))).containsExactly(
                "no daemon was running for /h; started one (pid 20, jpm-b.jar)");
        assertThat(UpdateCommand.report(started, true, Path.of("/h"))).containsExactly("{\"old_pid\":null,\"old_build\":null,"
                + "\"new_pid\":20,\"new_build\":\"jpm-b.jar\",\"instances_kept\":0,\"instances_changed\":[]}");
    }
}
