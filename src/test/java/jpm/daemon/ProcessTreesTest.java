package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.os.ProcFs;
import org.junit.jupiter.api.Test;

class ProcessTreesTest {
    static final long DAEMON = 100;

    static ProcFs.Stat p(long pid, long ppid, long pgid) {
        return new ProcFs.Stat(pid, 'S', ppid, pgid, 0, 0, 0);
    }

    @Test
    void groupMembersDescendantsAndTaggedEscapersBelongToTheirInstance() {
        List<ProcFs.Stat> procs = List.of(
                p(1, 0, 1), p(DAEMON, 1, DAEMON),
                p(200, DAEMON, 200),            // instance 7's main process
                p(201, 200, 200),               // its child in the group
                p(202, 200, 202),               // a child that called setsid: other group, still a descendant
                p(203, 202, 202),               // grandchild under it
                p(300, DAEMON, 300),            // escaper re-parented to the daemon (double fork + setsid), tagged 7
                p(301, 300, 300),               // its child: found through the tag of its ancestor? tag lookup is per process
                p(400, DAEMON, 400),            // instance 8's main process
                p(500, 1, 500),                 // unrelated, not under the daemon: environment never read
                new ProcFs.Stat(600, 'Z', DAEMON, 600, 0, 0, 0)); // a zombie: ignored
        Map<Long, Long> tags = Map.of(300L, 7L, 301L, 7L, 500L, 7L);
        Map<Long, Set<Long>> trees = ProcessTrees.assign(procs, DAEMON, Map.of(200L, 7L, 400L, 8L), tags::get);
        assertThat(trees.get(7L)).containsExactlyInAnyOrder(200L, 201L, 202L, 203L, 300L, 301L);
        assertThat(trees.get(8L)).containsExactly(400L);
        assertThat(trees).doesNotContainKey(null);
    }

    @Test
    void whatADeadMainProcessLeftIsStillFoundThroughItsGroup() {
        List<ProcFs.Stat> procs = List.of(p(DAEMON, 1, DAEMON), p(201, DAEMON, 200), p(202, 201, 200));
        Map<Long, Set<Long>> trees = ProcessTrees.assign(procs, DAEMON, Map.of(200L, 7L), pid -> null);
        assertThat(trees.get(7L)).containsExactlyInAnyOrder(201L, 202L);
    }
}
