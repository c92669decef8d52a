package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scan's reader of /proc/PID/stat. */
class StatFilesTest {
    @Test
    void readsTheSameLineAsFilesDoes() throws Exception {
        long self = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sleep", "30").start();
        try (StatFiles files = new StatFiles()) {
            for (long pid : new long[] {self, child.pid(), 1}) {
                ProcFs.Stat read = ProcFs.parseStat(files.read(pid));
                ProcFs.Stat expected = ProcFs.parseStat(Files.readString(Path.of("/proc/" + pid + "/stat")));
                assertThat(read.pid()).isEqualTo(pid);
                assertThat(read.ppid()).isEqualTo(expected.ppid());
                assertThat(read.pgid()).isEqualTo(expected.pgid());
                assertThat(read.startTicks()).isEqualTo(expected.startTicks());
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneOrNoPid_null() throws Exception {
        Process child = new ProcessBuilder("true").start();
        child.waitFor();
        try (StatFiles files = new StatFiles()) {
            assertThat(files.read(child.pid())).isNull();
            assertThat(files.read(0)).isNull();
            assertThat(files.read(-5)).isNull();
            // pid_max is at most 2^22: this one never exists, and its path is the longest there is
            assertThat(files.read(Long.MAX_VALUE)).isNull();
        }
    }

    @Test
    void allFindsEveryProcessOnce() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            var all = ProcFs.all();
            assertThat(all).extracting(ProcFs.Stat::pid).contains(ProcessHandle.current().pid(), child.pid()).doesNotHaveDuplicates();
            assertThat(all).filteredOn(st -> st.pid() == child.pid()).singleElement()
                    .satisfies(st -> assertThat(st.ppid()).isEqualTo(ProcessHandle.current().pid()));
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
