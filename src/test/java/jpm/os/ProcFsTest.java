package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFsTest {
    @Test
    void parsesStatEvenWhenTheCommandHoldsSpacesAndParens() {
        String line = "4242 (my (weird) app) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 987654 1000 200 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcFs.Stat s = ProcFs.parseStat(line);
        assertThat(s.pid()).isEqualTo(4242);
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.ppid()).isEqualTo(1);
        assertThat(s.pgid()).isEqualTo(4242);
        assertThat(s.cpuTicks()).isEqualTo(300);
        assertThat(s.startTicks()).isEqualTo(987654);
        assertThat(s.rssPages()).isEqualTo(200);
        assertThat(s.rssBytes()).isEqualTo(200 * 4096);
        assertThat(s.zombie()).isFalse();
        assertThat(ProcFs.parseStat(line.replace(") S ", ") Z ")).zombie()).isTrue();
    }

    @Test
    void readsTheTimeOfWaitedForChildrenApart() {
        // utime 250, stime 50, cutime 7, cstime 3
        String line = "4242 (app) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 1 0 987654 1000 200 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcFs.Stat s = ProcFs.parseStat(line);
        assertThat(s.cpuTicks()).isEqualTo(300);
        assertThat(s.childCpuTicks()).isEqualTo(10);
        assertThat(s.rssPages()).isEqualTo(200);
    }

    @Test
    void parsesTheLiveLineOfThisProcess() throws Exception {
        long me = ProcessHandle.current().pid();
        ProcFs.Stat s = ProcFs.stat(me).orElseThrow();
        assertThat(s.pid()).isEqualTo(me);
        assertThat(s.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        // field 24 is the resident size statm also reports (in pages), give or take what this JVM touched in between
        long statm = Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).split(" ")[1]);
        assertThat(s.rssPages()).isPositive().isCloseTo(statm, org.assertj.core.api.Assertions.within(16_384L));
    }
}
