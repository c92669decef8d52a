package jpm.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which interpreter runs a script, chosen by its extension as PM2 does (.js node, .py python3,
 * .sh bash, ...). {@code interpreter: none} (or a file without a known extension) executes the
 * file itself. Pure: finding the interpreter on PATH is the daemon's job.
 */
public final class Interpreters {
    /** Marker for "execute the file directly". */
    public static final String NONE = "none";

    private static final Map<String, List<String>> BY_EXTENSION = Map.ofEntries(
            Map.entry("js", List.of("node")),
            Map.entry("cjs", List.of("node")),
            Map.entry("mjs", List.of("node")),
            Map.entry("ts", List.of("ts-node")),
            Map.entry("py", List.of("python3")),
            Map.entry("sh", List.of("bash")),
            Map.entry("bash", List.of("bash")),
            Map.entry("rb", List.of("ruby")),
            Map.entry("pl", List.of("perl")),
            Map.entry("php", List.of("php")),
            Map.entry("coffee", List.of("coffee")),
            Map.entry("jar", List.of("java", "-jar")));

    private Interpreters() {}

    /**
     * The interpreter command (program and its fixed arguments) for a script, or an empty list
     * when the script is executed directly.
     *
     * @param explicit the app's {@code interpreter} attribute, or null to choose by extension
     */
    public static List<String> forScript(String script, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            if (explicit.equals(NONE)) return List.of();
            return List.of(explicit);
        }
        String file = script.substring(script.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        if (dot <= 0) return List.of();
        return BY_EXTENSION.getOrDefault(file.substring(dot + 1).toLowerCase(Locale.ROOT), List.of());
    }
}
