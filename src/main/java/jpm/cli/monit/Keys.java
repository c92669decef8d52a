package jpm.cli.monit;

/**
 * What a key does, given what the bottom line is asking (nothing, a filter being typed, a
 * confirmation). Pure: {@code KeysTest} is the table of every binding.
 */
final class Keys {
    private Keys() {}

    enum Action {
        UP, DOWN, PAGE_UP, PAGE_DOWN, TOP, BOTTOM, DETAILS, RESTART, STOP_START, RELOAD, DELETE, TOGGLE_LOGS,
        FILTER, QUIT, BACK,
        /** in the filter prompt: add the key's character, remove the last one, keep the filter, drop it */
        TYPE, ERASE, ACCEPT, CANCEL,
        /** in a confirmation: yes */
        CONFIRM,
        NONE
    }

    /** What the bottom line is asking for. */
    enum Prompt { NONE, FILTER, CONFIRM }

    static Action action(Prompt prompt, Key key) {
        if (key.kind() == Key.Kind.INTERRUPT) return Action.QUIT; // Ctrl-C quits whatever is asked
        return switch (prompt) {
            case FILTER -> switch (key.kind()) {
                case CHAR -> key.ch() >= ' ' ? Action.TYPE : Action.NONE;
                case BACKSPACE -> Action.ERASE;
                case ENTER -> Action.ACCEPT;
                case ESCAPE -> Action.CANCEL;
                case UP -> Action.UP;
                case DOWN -> Action.DOWN;
                default -> Action.NONE;
            };
            case CONFIRM -> key.kind() == Key.Kind.CHAR && (key.ch() == 'y' || key.ch() == 'Y') ? Action.CONFIRM : Action.CANCEL;
            case NONE -> switch (key.kind()) {
                case UP -> Action.UP;
                case DOWN -> Action.DOWN;
                case PAGE_UP -> Action.PAGE_UP;
                case PAGE_DOWN -> Action.PAGE_DOWN;
                case HOME -> Action.TOP;
                case END -> Action.BOTTOM;
                case ENTER -> Action.DETAILS;
                case ESCAPE -> Action.BACK;
                case CHAR -> switch (key.ch()) {
                    case 'k' -> Action.UP;
                    case 'j' -> Action.DOWN;
                    case 'g' -> Action.TOP;
                    case 'G' -> Action.BOTTOM;
                    case 'r' -> Action.RESTART;
                    case 's' -> Action.STOP_START;
                    case 'R' -> Action.RELOAD;
                    case 'd' -> Action.DELETE;
                    case 'l' -> Action.TOGGLE_LOGS;
                    case '/' -> Action.FILTER;
                    case 'q', 'Q' -> Action.QUIT;
                    default -> Action.NONE;
                };
                default -> Action.NONE;
            };
        };
    }
}
