package jpm.sync;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a sync source: it names the source's directory under JPM_HOME/sync, so it is a
 * plain word (lowercase letters, digits, {@code -} and {@code _}; no dot, no slash) that can never
 * leave that directory nor collide with {@code sources.json}. Pure.
 */
public final class SourceName {
    private SourceName() {}

    static final int MAX = 63;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (MAX - 1) + "}");

    /** @throws IllegalArgumentException saying what a name may be */
    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid sync source name '" + name + "': use 1 to " + MAX
                    + " lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        return name;
    }

    /**
     * The name a source gets when none is given: the repository's last path segment without
     * {@code .git}, lowercased, other characters as {@code -} ({@code git@host:team/Shop.git} → {@code shop}).
     */
    public static String fromUrl(String url) {
        String s = url.strip();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'));
        s = s.substring(cut + 1);
        if (s.endsWith(".git")) s = s.substring(0, s.length() - 4);
        StringBuilder b = new StringBuilder();
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' ? c : '-');
        }
        String name = b.toString().replaceAll("^[-_]+", "");
        if (name.length() > MAX) name = name.substring(0, MAX);
        return name.isEmpty() ? "repo" : name;
    }
}
