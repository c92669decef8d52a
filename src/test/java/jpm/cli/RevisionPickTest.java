package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import jpm.rpc.Revision;
import jpm.rpc.RevisionSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionPickTest {
    static List<Revision> kept(String numbers) {
        if (numbers.isBlank()) return List.of();
        return Arrays.stream(numbers.split(" ")).map(n -> new Revision(Integer.parseInt(n), "/srv/eco.yaml", "h", "t", "u",
                new RevisionSource("apply", null, null), "s", List.of())).toList();
    }

    @ParameterizedTest(name = "kept [{0}], --to {1}: revision {2}")
    @CsvSource(nullValues = "null", value = {
            "1 2, null, 1",
            "1 2 3, null, 2",
            "4 5 6, null, 5",
            "1 2 3, 1, 1",
            "1 2 3, 3, 3",
    })
    void rollbackTarget(String numbers, Integer to, int expected) {
        assertThat(RevisionPick.rollbackTarget(kept(numbers), to, "eco.yaml").number()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "kept [{0}], --to {1}: {2}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
            "'' ; null; eco.yaml has no revisions: it was never applied",
            "1 ; null; eco.yaml has only revision 1: there is no earlier one to roll back to",
            "1 2 3; 9; no revision 9 of eco.yaml; there are: 1, 2, 3",
            "4 5 6; 2; no revision 2 of eco.yaml any more (only the last 3 are kept); there are: 4, 5, 6",
            "'' ; 2; eco.yaml has no revisions",
    })
    void mistakesSayWhatThereIs(String numbers, Integer to, String message) {
        assertThatThrownBy(() -> RevisionPick.rollbackTarget(kept(numbers), to, "eco.yaml"))
                .isInstanceOf(CliException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((CliException) e).exitCode).isEqualTo(ExitCodes.USAGE));
    }

    @ParameterizedTest(name = "--rev {0}")
    @CsvSource(nullValues = "null", value = {"3, null, 3", "1..4, 1, 4", " 2 .. 5 , 2, 5", "7..7, 7, 7"})
    void ranges(String spec, Integer from, int to) {
        assertThat(RevisionPick.range(spec)).isEqualTo(new RevisionPick.Range(from, to));
    }

    @ParameterizedTest(name = "--rev {0} is refused")
    @CsvSource({"x", "0", "-1", "1..", "..2", "1...2", "1..x", "''"})
    void badRanges(String spec) {
        assertThatThrownBy(() -> RevisionPick.range(spec)).isInstanceOf(CliException.class)
                .hasMessageContaining("--rev wants a revision number N or a range N..M");
    }

    @Test
    void findNamesTheRevisionsKept() {
        assertThat(RevisionPick.find(kept("1 2"), 2, "f").number()).isEqualTo(2);
        assertThatThrownBy(() -> RevisionPick.find(kept("1 2"), 5, "f")).hasMessage("no revision 5 of f; there are: 1, 2");
    }
}
