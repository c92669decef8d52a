package jpm.cli.monit;

import static org.assertj.core.api.Assertions.assertThat;

import jpm.cli.monit.Keys.Action;
import jpm.cli.monit.Keys.Prompt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysTest {
    static Key key(String name) {
        return switch (name) {
            case "UP" -> Key.UP;
            case "DOWN" -> Key.DOWN;
            case "PAGE_UP" -> Key.PAGE_UP;
            case "PAGE_DOWN" -> Key.PAGE_DOWN;
            case "HOME" -> Key.HOME;
            case "END" -> Key.END;
            case "ENTER" -> Key.ENTER;
            case "ESCAPE" -> Key.ESCAPE;
            case "BACKSPACE" -> Key.BACKSPACE;
            case "CTRL_C" -> Key.INTERRUPT;
            case "OTHER" -> Key.OTHER;
            case "SPACE" -> Key.of(' ');
            default -> Key.of(name.charAt(0));
        };
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "NONE, UP, UP", "NONE, k, UP", "NONE, DOWN, DOWN", "NONE, j, DOWN", "NONE, PAGE_UP, PAGE_UP",
            "NONE, PAGE_DOWN, PAGE_DOWN", "NONE, HOME, TOP", "NONE, g, TOP", "NONE, END, BOTTOM", "NONE, G, BOTTOM",
            "NONE, ENTER, DETAILS", "NONE, ESCAPE, BACK", "NONE, r, RESTART", "NONE, s, STOP_START", "NONE, R, RELOAD",
            "NONE, d, DELETE", "NONE, l, TOGGLE_LOGS", "NONE, /, FILTER", "NONE, q, QUIT", "NONE, Q, QUIT",
            "NONE, CTRL_C, QUIT", "NONE, x, NONE", "NONE, OTHER, NONE", "NONE, BACKSPACE, NONE",
            // typing a filter: letters are text, even the ones that are keys elsewhere
            "FILTER, q, TYPE", "FILTER, r, TYPE", "FILTER, SPACE, TYPE", "FILTER, BACKSPACE, ERASE", "FILTER, ENTER, ACCEPT",
            "FILTER, ESCAPE, CANCEL", "FILTER, UP, UP", "FILTER, DOWN, DOWN", "FILTER, CTRL_C, QUIT", "FILTER, OTHER, NONE",
            // a confirmation: y or Y, anything else says no
            "CONFIRM, y, CONFIRM", "CONFIRM, Y, CONFIRM", "CONFIRM, n, CANCEL", "CONFIRM, ENTER, CANCEL", "CONFIRM, d, CANCEL",
            "CONFIRM, ESCAPE, CANCEL", "CONFIRM, CTRL_C, QUIT"})
    void whatAKeyDoes(Prompt prompt, String key, Action action) {
        assertThat(Keys.action(prompt, key(key))).isEqualTo(action);
    }
}
