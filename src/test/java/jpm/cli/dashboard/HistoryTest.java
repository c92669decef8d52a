package jpm.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.api.Test;

class HistoryTest {
    static InstanceInfo running(long id, double cpu, long mem) {
        return new InstanceInfo(id, "web", "default", (int) id, 100 + id, InstanceStatus.ONLINE, 0, 0, 1L, cpu, mem, null, null, null, null, null);
    }

    static InstanceInfo down(long id) {
        return new InstanceInfo(id, "web", "default", (int) id, null, InstanceStatus.STOPPED, 0, 0, null, 0, 0, null, null, null, null, null);
    }

    @Test
    void keepsTheLastSamplesOfEachInstanceWithinTheWindow() {
        History h = new History(10_000, 3);
        h.add(1_000, List.of(running(0, 1, 10), running(1, 5, 50)));
        h.add(2_000, List.of(running(0, 2, 20), running(1, 6, 60)));
        assertThat(h.of(0)).containsExactly(new History.Sample(1_000, 1, 10), new History.Sample(2_000, 2, 20));
        h.add(3_000, List.of(running(0, 3, 30), running(1, 7, 70)));
        h.add(4_000, List.of(running(0, 4, 40), running(1, 8, 80)));
        assertThat(h.of(0)).extracting(History.Sample::atMs).containsExactly(2_000L, 3_000L, 4_000L); // at most 3
        h.add(13_500, List.of(running(0, 5, 50), running(1, 9, 90)));
        assertThat(h.of(0)).extracting(History.Sample::atMs).containsExactly(4_000L, 13_500L); // older than 10 s: gone
    }

    @Test
    void anInstanceWithoutAProcessGetsNoPointAndAGoneOneIsForgotten() {
        History h = new History(10_000, 10);
        h.add(1_000, List.of(running(0, 1, 10), running(1, 1, 10)));
        h.add(2_000, List.of(down(0), running(1, 1, 10)));
        assertThat(h.of(0)).hasSize(1);
        h.add(3_000, List.of(running(0, 1, 10)));
        assertThat(h.of(1)).isEmpty();
        assertThat(h.of(7)).isEmpty();
    }
}
