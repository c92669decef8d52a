package jpm.cli.monit;

import static org.assertj.core.api.Assertions.assertThat;

import org.jline.terminal.KeyParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyInputTest {
    @ParameterizedTest(name = "{0} complete: {1}")
    @CsvSource({"\\e, false", "\\e[, false", "\\e[A, true", "\\e[5, false", "\\e[5~, true", "\\e[1;5A, true", "\\eO, false",
            "\\eOA, true", "\\ex, true"})
    void anEscapeSequenceIsReadUpToItsEnd(String seq, boolean complete) {
        assertThat(KeyInput.complete(seq.replace("\\e", "\u001b"))).isEqualTo(complete);
    }

    /** The sequences terminals send for the keys monit uses, normal and application cursor mode, as JLine parses them. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"\\e[A, UP", "\\eOA, UP", "\\e[B, DOWN", "\\eOB, DOWN", "\\e[5~, PAGE_UP", "\\e[6~, PAGE_DOWN",
            "\\e[H, HOME", "\\eOH, HOME", "\\e[F, END", "\\eOF, END", "\\e[C, OTHER"})
    void sequencesNameKeys(String seq, Key.Kind kind) {
        assertThat(KeyInput.of(KeyParser.parse(KeyInput.csi(seq.replace("\\e", "\u001b")))).kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"3, INTERRUPT", "13, ENTER", "10, ENTER", "127, BACKSPACE", "8, BACKSPACE", "1, OTHER", "106, CHAR"})
    void oneCharacterKeys(int c, Key.Kind kind) {
        assertThat(KeyInput.single((char) c).kind()).isEqualTo(kind);
    }
}
