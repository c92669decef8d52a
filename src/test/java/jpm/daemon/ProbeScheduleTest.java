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

    @ParameterizedTest(name = "at {0} ms, due in {1} ms, tick {2} ms: in {3} ms")
    @CsvSource({"1000, 0, 50, 0", "1000, 1, 50, 0", "1000, 30, 50, 50", "1000, 50, 50, 50", "1001, 999, 50, 999", "1010, 1000, 50, 990",
            "1049, 0, 50, 1", "1049, -3, 50, 1", "1010, 0, 50, 40", "1024, 0, 50, 26", "-20, 0, 50, 20"})
    void aProbeStartsOnTheNearestTickNotPast(long now, long delay, long tick, long expected) {
        assertThat(ProbeSchedule.onTick(now, delay, tick)).isEqualTo(expected);
    }
}
