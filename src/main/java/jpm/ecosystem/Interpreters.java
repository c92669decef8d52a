package jpm.ecosystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which interpreter runs a script, as PM2 decides it: an explicit {@code interpreter} wins
 * ({@code none} executes the file itself); else a known extension (.js node, .py python3, .sh
 * bash, ...); else the file's first bytes: a native binary is executed itself, a {@code #!} line
 * that names another interpreter is obeyed, and anything else runs with node (PM2's default, so
 * that {@code ./bin/www} works without the executable bit). Pure: reading the bytes and finding
 * the interpreter on PATH are the callers' jobs.
 */
public final class Interpreters {
    /** Marker for "execute the file directly". */
    public static final String NONE = "none";
    /** How many leading bytes {@link #forFile} looks at: the kernel reads a #! line from as many. */
    public static final int HEAD_BYTES = 256;

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
     * The interpreter command (program and its fixed arguments) chosen by the attribute or the
     * extension alone, or an empty list when neither decides (then {@link #forFile} looks inside).
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

    /**
     * The interpreter command for a script file, or an empty list to execute the file itself.
     *
     * @param head the file's first bytes (up to {@link #HEAD_BYTES}), or null when it cannot be
     *     read: then only the attribute and the extension decide
     */
    public static List<String> forFile(String script, String explicit, byte[] head) {
        return forFileLazily(script, explicit, () -> head);
    }

    /**
     * {@link #forFile(String, String, byte[])}, reading the file's first bytes only when the
     * attribute and the extension leave the choice to them (a file per app read for nothing
     * showed in the start of 100 apps).
     */
    public static List<String> forFileLazily(String script, String explicit, java.util.function.Supplier<byte[]> head) {
        boolean decided = explicit != null && !explicit.isBlank();
        List<String> byName = forScript(script, explicit);
        if (decided || !byName.isEmpty()) return byName;
        byte[] bytes = head.get();
        return bytes == null ? byName : byContent(bytes);
    }

    /** PM2's rule for a file without a known extension, with the #! line winning for other interpreters. */
    static List<String> byContent(byte[] head) {
        if (head.length >= 4 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') return List.of();
        if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
            List<String> shebang = shebang(head);
            if (!shebang.isEmpty()) return shebang;
        }
        for (byte b : head) {
            if (b == 0) return List.of(); // a binary of another kind (PM2's isbinaryfile): the kernel knows it
        }
        return List.of("node");
    }

    /**
     * The command of a #! line as the kernel runs it: the interpreter and at most one argument
     * (the rest of the line). A line that names node, directly or through env, gives {@code node}
     * (found on PATH) or that node, so that the app runs as a Node app (the cluster adapter);
     * env's own options other than -S are kept as the kernel would pass them.
     */
    static List<String> shebang(byte[] head) {
        int end = 2;
        while (end < head.length && head[end] != '\n') end++;
        String line = new String(head, 2, end - 2, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) return List.of();
        int blank = indexOfBlank(line);
        String program = blank < 0 ? line : line.substring(0, blank);
        String arg = blank < 0 ? null : line.substring(blank).strip();
        if (arg != null && arg.isEmpty()) arg = null;
        String base = Path.of(program).getFileName() == null ? program : Path.of(program).getFileName().toString();
        if (isNode(base)) return arg == null ? List.of(program) : List.of(program, arg);
        if (base.equals("env") && arg != null) {
            List<String> words = new ArrayList<>(List.of(arg.split("[ \t]+")));
            if (words.getFirst().equals("-S")) words.removeFirst();
            else if (words.size() > 1) words = List.of(arg); // without -S, env gets the rest as one word
            if (!words.isEmpty() && isNode(words.getFirst())) {
                List<String> node = new ArrayList<>(List.of("node"));
                node.addAll(words.subList(1, words.size()));
                return List.copyOf(node);
            }
        }
        return arg == null ? List.of(program) : List.of(program, arg);
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') return i;
        }
        return -1;
    }

    /** Whether a program's file name is node's: node, nodejs, node20, node-20.1 and the like. */
    public static boolean isNode(String program) {
        String base = program.substring(program.lastIndexOf('/') + 1);
        return base.equals("node") || base.equals("nodejs") || base.matches("node-?[0-9][0-9.]*");
    }

    /** Whether a command line's program (its first word) is node. */
    public static boolean isNode(List<String> command) {
        return !command.isEmpty() && isNode(command.getFirst());
    }
}
