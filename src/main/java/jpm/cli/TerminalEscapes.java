package jpm.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import jpm.json.Utf8;

/**
 * What {@code jpm logs} does to an app's line before it reaches a terminal: the bytes that a
 * terminal would act on instead of showing are shown as escapes, so an app cannot set the
 * operator's window title (OSC), colors (SGR), move the cursor or overwrite a line with a bare
 * CR. Pure: bytes in, bytes out.
 *
 * <ul>
 *   <li>C0 controls other than tab, and DEL: {@code \r} for CR, {@code \xHH} for the others
 *       ({@code \x1b} for ESC). A tab is kept: it is layout, not a command.</li>
 *   <li>C1 controls (U+0080..U+009F, which some terminals obey as ESC sequences, U+009B as
 *       CSI): {@code \u009b}.</li>
 *   <li>Bytes that are not UTF-8: {@code \xHH} each, so a stray byte cannot swallow the
 *       characters after it (a terminal may take a lead byte and the next ones as one
 *       character).</li>
 *   <li>Everything else, any printable character in UTF-8, is kept as it is.</li>
 * </ul>
 * A backslash is not doubled: the output is for eyes, and {@code --raw} or {@code --json} give
 * the exact bytes.
 */
final class TerminalEscapes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private TerminalEscapes() {}

    /** The line with every control and stray byte escaped; the same array when there is none. */
    static byte[] escape(byte[] line) {
        int first = firstUnsafe(line);
        if (first == line.length) return line;
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 16);
        out.write(line, 0, first);
        for (int i = first; i < line.length; ) {
            int b = line[i] & 0xff;
            if (b < 0x80) {
                if (b == '\t' || (b >= 0x20 && b < 0x7f)) out.write(b);
                else if (b == '\r') out.writeBytes(new byte[] {'\\', 'r'});
                else hex(out, b);
                i++;
                continue;
            }
            int n = Utf8.sequenceLength(line, i, line.length);
            if (n == 0) {
                hex(out, b);
                i++;
                continue;
            }
            int cp = Utf8.codePoint(line, i, n);
            if (cp <= 0x9f) out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[cp >> 4], HEX[cp & 0xf]});
            else out.write(line, i, n);
            i += n;
        }
        return out.toByteArray();
    }

    /** The index of the first byte that is not printable ASCII or a tab (most lines have none). */
    private static int firstUnsafe(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            byte b = line[i];
            if (b < 0x20 && b != '\t' || b == 0x7f || b < 0) return i;
        }
        return line.length;
    }

    private static void hex(ByteArrayOutputStream out, int b) {
        out.writeBytes(new byte[] {'\\', 'x', HEX[b >> 4], HEX[b & 0xf]});
    }
}
