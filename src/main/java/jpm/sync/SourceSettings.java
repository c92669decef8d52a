package jpm.sync;

import java.time.Duration;
import java.util.Locale;

/** The checks of what {@code jpm sync add} is given besides the name: the interval and the file's path. Pure. */
public final class SourceSettings {
    private SourceSettings() {}

    /** Shorter would fetch a remote more often than anyone needs; a local path is cheap, hence 1 s. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofDays(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /**
     * {@code 30s}, {@code 1m}, {@code 2h}, {@code 1500ms}, or whole seconds; from 1 s to 1 day.
     *
     * @throws IllegalArgumentException with the forms it takes
     */
    public static Duration interval(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            else if (v.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            else if (v.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            else if (v.endsWith("h")) d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            else d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--interval wants a duration like 30s, 1m or 1h, got '" + text + "'");
        }
        if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("--interval must be from 1s to 24h, got '" + text + "'");
        }
        return d;
    }

    /**
     * The ecosystem file's path inside the repository, normalized ({@code ./deploy//eco.yaml} →
     * {@code deploy/eco.yaml}): relative, and never out of the clone.
     *
     * @throws IllegalArgumentException for an absolute path, one with {@code ..}, or none
     */
    public static String path(String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("--path is required: the ecosystem file's path in the repository");
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("--path must be relative to the repository's top, got '" + path + "'");
        }
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) throw new IllegalArgumentException("--path must stay inside the repository, got '" + path + "'");
            if (!b.isEmpty()) b.append('/');
            b.append(part);
        }
        if (b.isEmpty()) throw new IllegalArgumentException("--path names no file: '" + path + "'");
        return b.toString();
    }
}
