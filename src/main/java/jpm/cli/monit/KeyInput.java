package jpm.cli.monit;

import java.io.IOException;
import org.jline.terminal.KeyEvent;
import org.jline.terminal.KeyParser;
import org.jline.utils.NonBlockingReader;

/**
 * Keys from the terminal: one character, or an escape sequence read whole (ESC alone is the
 * Escape key when nothing follows within {@link #SEQUENCE_MS}) and named by JLine's
 * {@link KeyParser}.
 */
final class KeyInput {
    /** How long the rest of an escape sequence may take to arrive (over ssh, a packet apart). */
    static final long SEQUENCE_MS = 40;

    private final NonBlockingReader reader;

    KeyInput(NonBlockingReader reader) {
        this.reader = reader;
    }

    /** The next key, or null when none came within {@code timeoutMs}; {@link Key#INTERRUPT} when the input ended. */
    Key read(long timeoutMs) throws IOException {
        int c = reader.read(timeoutMs);
        if (c == NonBlockingReader.READ_EXPIRED) return null;
        if (c < 0) return Key.INTERRUPT;
        if (c != 27) return single((char) c);
        StringBuilder seq = new StringBuilder().append((char) 27);
        while (!complete(seq)) {
            int n = reader.read(SEQUENCE_MS);
            if (n < 0) break;
            seq.append((char) n);
        }
        return seq.length() == 1 ? Key.ESCAPE : of(KeyParser.parse(csi(seq.toString())));
    }

    /** Whether an escape sequence read so far is whole: CSI up to its final byte, SS3 and Alt+key at two or three characters. */
    static boolean complete(CharSequence seq) {
        if (seq.length() < 2) return false;
        char kind = seq.charAt(1);
        if (kind == '[') {
            char last = seq.charAt(seq.length() - 1);
            return seq.length() >= 3 && last >= 0x40 && last <= 0x7e;
        }
        if (kind == 'O') return seq.length() >= 3;
        return true;
    }

    /**
     * An SS3 sequence ({@code ESC O A}, what arrows send in the keypad's application mode, which
     * monit turns on) as the CSI one of the same key ({@code ESC [ A}), the form JLine's parser names.
     */
    static String csi(String seq) {
        return seq.length() == 3 && seq.charAt(1) == 'O' ? "\033[" + seq.charAt(2) : seq;
    }

    /** A key that is one character: Ctrl-C, Enter, Backspace, or a character. */
    static Key single(char c) {
        return switch (c) {
            case 3 -> Key.INTERRUPT;
            case '\r', '\n' -> Key.ENTER;
            case 127, 8 -> Key.BACKSPACE;
            default -> c < ' ' ? Key.OTHER : Key.of(c);
        };
    }

    static Key of(KeyEvent e) {
        return switch (e.getType()) {
            case Arrow -> switch (e.getArrow()) {
                case Up -> Key.UP;
                case Down -> Key.DOWN;
                default -> Key.OTHER;
            };
            case Special -> switch (e.getSpecial()) {
                case Enter -> Key.ENTER;
                case Escape -> Key.ESCAPE;
                case Backspace -> Key.BACKSPACE;
                case PageUp -> Key.PAGE_UP;
                case PageDown -> Key.PAGE_DOWN;
                case Home -> Key.HOME;
                case End -> Key.END;
                default -> Key.OTHER;
            };
            default -> Key.OTHER;
        };
    }
}
