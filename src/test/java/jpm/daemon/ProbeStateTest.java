package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each probe result does to an instance's health: starting, healthy, unhealthy with retries and start_period. */
class ProbeStateTest {
    static final HealthStatus S = HealthStatus.STARTING;
    static final HealthStatus H = HealthStatus.HEALTHY;
    static final HealthStatus U = HealthStatus.UNHEALTHY;

    static ProbeState st(HealthStatus h, int failures, boolean ever) {
        return new ProbeState(h, failures, ever);
    }

    /** before, passed, in start period, retries → after */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("starting, a pass: healthy", st(S, 0, false), true, false, 3, st(H, 0, true)),
                Arguments.of("starting, a pass in the start period: healthy", st(S, 0, false), true, true, 3, st(H, 0, true)),
                Arguments.of("starting, a failure: counted", st(S, 0, false), false, false, 3, st(S, 1, false)),
                Arguments.of("starting, a failure in the start period: not counted", st(S, 2, false), false, true, 3, st(S, 2, false)),
                Arguments.of("starting, the retries-th failure: unhealthy", st(S, 2, false), false, false, 3, st(U, 3, false)),
                Arguments.of("starting, retries 1: one failure is enough", st(S, 0, false), false, false, 1, st(U, 1, false)),
                Arguments.of("healthy, a pass: the count starts over", st(H, 2, true), true, false, 3, st(H, 0, true)),
                Arguments.of("healthy, a failure: still healthy", st(H, 0, true), false, false, 3, st(H, 1, true)),
                Arguments.of("healthy, a failure in the start period: counted (it passed once)", st(H, 0, true), false, true, 3,
                        st(H, 1, true)),
                Arguments.of("healthy, the retries-th failure in a row: unhealthy", st(H, 2, true), false, false, 3, st(U, 3, true)),
                Arguments.of("unhealthy, a pass: healthy", st(U, 5, false), true, false, 3, st(H, 0, true)),
                Arguments.of("unhealthy, a failure: unhealthy", st(U, 3, true), false, false, 3, st(U, 4, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aResultMovesTheHealth(String what, ProbeState before, boolean passed, boolean inStartPeriod, int retries, ProbeState after) {
        assertThat(before.after(passed, inStartPeriod, retries)).isEqualTo(after);
    }

    @org.junit.jupiter.api.Test
    void aSpawnedProcessIsStarting() {
        assertThat(ProbeState.initial()).isEqualTo(st(S, 0, false));
    }
}
