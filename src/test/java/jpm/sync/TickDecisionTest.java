package jpm.sync;

import static org.assertj.core.api.Assertions.assertThat;

import jpm.sync.TickDecision.Action;
import jpm.sync.TickDecision.Failure;
import jpm.sync.TickDecision.Recovery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a look does with the branch's head, and how a bad commit is undone. */
class TickDecisionTest {
    @ParameterizedTest(name = "head {0}, good {1}, failed {2}, retry {3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            // the first look: nothing applied yet
            "a, -, -, false, APPLY",
            // the head runs
            "a, a, -, false, UP_TO_DATE",
            "a, a, b, false, UP_TO_DATE",
            "a, a, -, true, UP_TO_DATE",
            // a new commit
            "b, a, -, false, APPLY",
            "c, a, b, false, APPLY",
            // the head failed before: not again until a new commit, unless asked
            "b, a, b, false, FAILED_BEFORE",
            "b, -, b, false, FAILED_BEFORE",
            "b, a, b, true, APPLY",
            // a force push back to a commit that failed long ago, after another failed: applied
            "b, a, c, false, APPLY",
    })
    void decide(String head, String good, String failed, boolean retry, Action expected) {
        assertThat(TickDecision.decide(head, good, failed, retry)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with good {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "INVALID, a, CHECKOUT_GOOD",
            "REFUSED, a, CHECKOUT_GOOD",
            "NOT_READY, a, REAPPLY_GOOD",
            "INVALID, -, NONE",
            "REFUSED, -, NONE",
            "NOT_READY, -, NONE",
    })
    void recovery(Failure failure, String good, Recovery expected) {
        assertThat(TickDecision.recovery(failure, good)).isEqualTo(expected);
    }
}
