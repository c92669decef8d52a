package jpm.export.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * How a value is written into a systemd unit or environment file so that systemd reads back
 * exactly that value. Three readers, three rules (systemd.syntax(7), systemd.service(5),
 * systemd.exec(5)), each checked against a running systemd manager by ExportSystemdIT:
 * <ul>
 *   <li>unit settings ({@code Environment=}, {@code ExecStart=}): double quotes, C escapes
 *       ({@code \n}, {@code \t}, {@code \xNN}) for control characters, {@code %} doubled so no
 *       specifier is read; in {@code ExecStart=} arguments (not the program) {@code $} doubled too,
 *       since systemd expands {@code $VAR} there and nowhere else;</li>
 *   <li>an {@code EnvironmentFile=}: double quotes, with only {@code \ " $ `} escaped: newlines
 *       and tabs stand as they are, no specifiers, no C escapes;</li>
 *   <li>unit names: systemd's {@code \xNN} for every byte that a unit name cannot hold.</li>
 * </ul>
 * jpm startup's unit uses the same rules.
 */
public final class SystemdQuoting {
    private SystemdQuoting() {}

    /**
     * A command line for {@code ExecStart=}: each word bare when it is plain, else double-quoted;
     * {@code %} always doubled; {@code $} doubled in the arguments but not in the program.
     */
    public static String execLine(List<String> argv) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            words.add(plain(w) ? w : quoted(w, i > 0));
        }
        return String.join(" ", words);
    }

    /**
     * A double-quoted value of a unit setting: backslash and quote escaped, control characters as
     * C escapes, {@code %} doubled (specifiers), and {@code $} doubled when {@code dollars}.
     */
    public static String quoted(String value, boolean dollars) {
        StringBuilder q = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> q.append("\\\\");
                case '"' -> q.append("\\\"");
                case '%' -> q.append("%%");
                case '$' -> q.append(dollars ? "$$" : "$");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) q.append(String.format("\\x%02x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }

    /** A value that systemd reads unquoted (Description=, WorkingDirectory=): {@code %} doubled; null if it has a control character. */
    public static String literal(String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) return null;
        return value.replace("%", "%%");
    }

    /** One {@code NAME="value"} line of an EnvironmentFile: only backslash, quote, dollar and backquote escaped. */
    public static String environmentFileLine(String name, String value) {
        StringBuilder q = new StringBuilder(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '$' || c == '`') q.append('\\');
            q.append(c);
        }
        return q.append('"').toString();
    }

    /**
     * A name part of a unit name: letters, digits, {@code :}, {@code _}, {@code .} and {@code -}
     * kept, every other byte of its UTF-8 as {@code \xNN} (as systemd-escape writes it); a leading
     * {@code .} escaped too.
     */
    public static String unitNamePart(String name) {
        StringBuilder sb = new StringBuilder();
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean keep = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == ':' || b == '_' || b == '-' || (b == '.' && i > 0);
            if (keep) sb.append((char) b);
            else sb.append(String.format("\\x%02x", b));
        }
        return sb.toString();
    }

    private static boolean plain(String w) {
        return !w.isEmpty() && w.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "/._-+=:,@".indexOf(c) >= 0);
    }
}
