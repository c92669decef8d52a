package jpm.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShapesTest {
    static InstanceInfo inst(long id, String ns, String name, InstanceStatus s, Long pid, int restarts, double cpu, long mem) {
        return new InstanceInfo(id, name, ns, (int) id, pid, s, restarts, 0, 1L, cpu, mem, null, null, null, null, null);
    }

    @org.junit.jupiter.api.Test
    void oneRowPerAppWithItsInstancesSummedUp() {
        List<Map<String, Object>> rows = Shapes.apps(List.of(
                inst(0, "default", "web", InstanceStatus.ONLINE, 10L, 1, 1.5, 100),
                inst(1, "shop", "web", InstanceStatus.STOPPED, null, 0, 0, 0),
                inst(2, "default", "web", InstanceStatus.ONLINE, 12L, 2, 2.0, 300)));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("app", "default/web").containsEntry("instances", 2L).containsEntry("online", 2L)
                .containsEntry("status", "online").containsEntry("restarts", 3L).containsEntry("cpu_percent", 3.5)
                .containsEntry("memory_bytes", 400L).containsEntry("pids", List.of(10L, 12L));
        assertThat(rows.get(1)).containsEntry("app", "shop/web").containsEntry("status", "stopped").containsEntry("pids", List.of());
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "ONLINE, ONLINE, online",
        "ONLINE, STOPPED, stopped",
        "ONLINE, ERRORED, errored",
        "WAITING_RESTART, ONLINE, waiting-restart",
        "LAUNCHING, STOPPED, launching",
        "STOPPING, WAITING_RESTART, waiting-restart",
        "WAITING, ONLINE, waiting",
    })
    void anAppShowsTheMostUrgentStatusOfItsInstances(InstanceStatus a, InstanceStatus b, String shown) {
        assertThat(Shapes.status(List.of(inst(0, "d", "a", a, null, 0, 0, 0), inst(1, "d", "a", b, null, 0, 0, 0)))).isEqualTo(shown);
    }

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void instancesKeepTheJlistShapeAndEventsNameTheirApp() {
        Object tree = Shapes.instances(List.of(inst(0, "default", "web", InstanceStatus.ONLINE, 10L, 1, 1.5, 100)));
        assertThat((Map<Object, Object>) ((List<?>) tree).getFirst()).containsEntry("status", "online").containsEntry("memory_bytes", 100L)
                .containsKey("cpu_percent");
        assertThat(Shapes.appOf(Map.of("subject", Map.of("namespace", "shop", "name", "api")))).isEqualTo("shop/api");
        assertThat(Shapes.appOf(Map.of("type", "x"))).isNull();
        assertThat(Shapes.samples(List.of(new History.Sample(5, 1.5, 7)))).containsExactly(List.of(5L, 1.5, 7L));
    }
}
