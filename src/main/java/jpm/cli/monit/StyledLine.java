package jpm.cli.monit;

/**
 * One screen line of at most {@code width} columns, built from pieces that each may carry an SGR
 * style (ANSI {@code ESC [ n m}); without colours the styles are left out. Pieces past the width
 * are cut. Pure.
 */
final class StyledLine {
    static final String BOLD = "1";
    static final String DIM = "2";
    static final String REVERSE = "7";
    static final String RED = "31";
    static final String GREEN = "32";
    static final String YELLOW = "33";
    static final String CYAN = "36";

    private final StringBuilder sb = new StringBuilder();
    private final int width;
    private final boolean colors;
    private final String base;
    private int used;

    /** @param base a style under every piece (the selected row's reverse video), or null */
    StyledLine(int width, boolean colors, String base) {
        this.width = width;
        this.colors = colors;
        this.base = colors ? base : null;
        if (this.base != null) sb.append("\033[").append(this.base).append('m');
    }

    StyledLine add(String text) {
        return add(text, null);
    }

    /** Appends as much of {@code text} as fits, in {@code style} (an SGR parameter list, or null). */
    StyledLine add(String text, String style) {
        int room = width - used;
        if (room <= 0 || text.isEmpty()) return this;
        String t = text.length() > room ? text.substring(0, room) : text;
        boolean styled = colors && style != null;
        if (styled) sb.append("\033[").append(style).append('m');
        sb.append(t);
        if (styled) sb.append("\033[0m").append(base == null ? "" : "\033[" + base + "m");
        used += t.length();
        return this;
    }

    /** Spaces up to column {@code column} (nothing when already there). */
    StyledLine padTo(int column) {
        return add(" ".repeat(Math.max(0, Math.min(width, column) - used)));
    }

    int used() {
        return used;
    }

    /** The line; with a base style, padded to the full width so the style covers it, then reset. */
    @Override
    public String toString() {
        if (base == null) return sb.toString();
        return sb + " ".repeat(width - used) + "\033[0m";
    }

    /** Control characters a log line or a cause may hold, made harmless for the screen: tabs as spaces, others as '?'. */
    static String clean(String s) {
        StringBuilder out = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean bad = c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (bad && out == null) out = new StringBuilder(s.substring(0, k));
            if (out != null) out.append(c == '\t' ? "    " : bad ? "?" : String.valueOf(c));
        }
        return out == null ? s : out.toString();
    }
}
