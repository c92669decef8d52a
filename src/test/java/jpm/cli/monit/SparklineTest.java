package jpm.cli.monit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparklineTest {
    @ParameterizedTest(name = "{0} of {1} in {2} levels -> {3}")
    @CsvSource({"0, 100, 8, 0", "-1, 100, 8, 0", "100, 100, 8, 7", "150, 100, 8, 7", "50, 100, 8, 4", "1, 100, 8, 1",
            "5, 0, 8, 0", "NaN, 100, 8, 0"})
    void level(double v, double top, int levels, int level) {
        assertThat(Sparkline.level(v, top, levels)).isEqualTo(level);
    }

    @Test
    void theNewestSampleIsOnTheRightAndFewSamplesArePadded() {
        assertThat(Sparkline.render(List.of(0.0, 50.0, 100.0), 5, 0, 100, true)).isEqualTo("  ▁▅█");
        assertThat(Sparkline.render(List.of(0.0, 25.0, 50.0, 75.0, 100.0), 3, 0, 100, true)).isEqualTo("▅▇█");
        assertThat(Sparkline.render(List.of(0.0, 50.0, 100.0), 3, 0, 100, false)).isEqualTo("_-#");
        assertThat(Sparkline.render(List.of(1.0), 0, 0, 1, true)).isEmpty();
    }

    @Test
    void anIdleCpuStaysAtTheBottomAndASpikeReachesTheTop() {
        assertThat(Sparkline.cpu(List.of(0.0, 0.2, 0.1), 3, true)).isEqualTo("▁▂▂");
        assertThat(Sparkline.cpu(List.of(0.0, 0.2, 40.0), 3, true)).isEqualTo("▁▂█");
    }

    @Test
    void memoryIsAShareOfTheWindowsPeakSoNoiseStaysFlat() {
        assertThat(Sparkline.memory(List.of(100.0, 150.0, 200.0), 3, true)).isEqualTo("▅▇█");
        assertThat(Sparkline.memory(List.of(7.0e6, 7.01e6, 7.0e6), 3, true)).isEqualTo("███");
        assertThat(Sparkline.memory(List.of(0.0, 0.0), 2, true)).as("not running").isEqualTo("▁▁");
        assertThat(Sparkline.memory(List.of(), 3, true)).isEqualTo("   ");
    }
}
