package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The instance's CPU time over its runs: a counter that only grows, whatever the tree does between scans. */
class ScannerTest {
    @ParameterizedTest(name = "total {0}, tree was {1}, is {2}: {3}")
    @CsvSource({
            // a run's first scan counts everything its tree used since the spawn
            "0, -1, 250, 250",
            // a restart: the new run's first scan adds to what earlier runs used
            "900, -1, 40, 940",
            // the tree grew
            "250, 250, 400, 400",
            // nothing ran
            "400, 400, 400, 400",
            // a process that nobody in the tree waited for exited with its time: nothing is taken back
            "400, 400, 150, 400",
            // and the growth after that is counted from the lower figure
            "400, 150, 180, 430",
    })
    void cpuTimeOnlyEverGrows(long total, long previous, long tree, long expected) {
        assertThat(Scanner.cpuTicksTotal(total, previous, tree)).isEqualTo(expected);
    }
}
