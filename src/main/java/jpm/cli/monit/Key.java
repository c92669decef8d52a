package jpm.cli.monit;

/**
 * One key press, as far as monit cares: a printable character, or one of the named keys.
 * {@link KeyInput} makes them from what the terminal sends.
 */
record Key(Kind kind, char ch) {
    enum Kind { CHAR, UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, INTERRUPT, OTHER }

    static final Key UP = new Key(Kind.UP, '\0');
    static final Key DOWN = new Key(Kind.DOWN, '\0');
    static final Key PAGE_UP = new Key(Kind.PAGE_UP, '\0');
    static final Key PAGE_DOWN = new Key(Kind.PAGE_DOWN, '\0');
    static final Key HOME = new Key(Kind.HOME, '\0');
    static final Key END = new Key(Kind.END, '\0');
    static final Key ENTER = new Key(Kind.ENTER, '\0');
    static final Key ESCAPE = new Key(Kind.ESCAPE, '\0');
    static final Key BACKSPACE = new Key(Kind.BACKSPACE, '\0');
    /** Ctrl-C (the terminal's ISIG is off while monit runs, so it arrives as a byte). */
    static final Key INTERRUPT = new Key(Kind.INTERRUPT, '\0');
    static final Key OTHER = new Key(Kind.OTHER, '\0');

    static Key of(char c) {
        return new Key(Kind.CHAR, c);
    }
}
