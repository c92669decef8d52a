package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When probes run: the jittered first one, the next ones an interval apart, the start period. */
class ProbeScheduleTest {
    @ParameterizedTest(name = "interval {0} ms, random {1}: first after {2} ms")
    @CsvSource({"10000, 0.0, 0", "10000, 0.5, 500", "10000, 0.999, 999", "1000, 0.25, 250", "200, 0.5, 100", "200, 0.999, 199"})
    void theFirstProbeFallsInTheFirstSecondOrInterval(long interval, double random, long expected) {
        assertThat(ProbeSchedule.firstDelayMs(interval, random)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "interval {0} ms, took {1} ms: next after {2} ms")
    @CsvSource({"10000, 3, 9997", "1000, 0, 1000", "1000, 1000, 0", "1000, 2500, 0", "1000, -5, 1000"})
    void theNextStartsAnIntervalAfterThePreviousStarted(long interval, long took, long expected) {
        assertThat(ProbeSchedule.nextDelayMs(interval, took)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ms after spawn, start_period {1} ms: in it {2}")
    @CsvSource({"0, 5000, true", "4999, 5000, true", "5000, 5000, false", "0, 0, false", "100, 0, false"})
    void startPeriod(long since, long period, boolean in) {
        assertThat(ProbeSchedule.inStartPeriod(since, period)).isEqualTo(in);
    }
}
