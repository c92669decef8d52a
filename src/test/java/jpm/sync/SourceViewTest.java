package jpm.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state jpm sync ls shows, told from a source's status. */
class SourceViewTest {
    @ParameterizedTest(name = "commit {0} head {1} failed {2} problem {3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            "-, -, -, -, pending",
            "-, a, -, -, pending",
            "a, a, -, -, synced",
            "a, b, -, -, pending",
            "a, b, b, -, failed",
            "-, b, b, -, failed",
            "a, a, b, -, synced",
            "a, a, -, unreachable, error",
            "a, b, b, unreachable, failed",
    })
    void state(String commit, String head, String failed, String problem, String expected) {
        Source.Status st = new Source.Status(commit, null, head, null, failed, failed == null ? null : "eco.yaml:1:1: bad", problem, null);
        assertThat(SourceView.state(st)).isEqualTo(expected);
        // the error shows while the head is the commit that failed
        Source s = new Source("shop", "/srv/r.git", "main", "eco.yaml", 1000, false, null, st);
        assertThat(SourceView.of(s).error() != null).isEqualTo(failed != null && failed.equals(head));
    }
}
