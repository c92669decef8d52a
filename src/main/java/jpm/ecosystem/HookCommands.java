package jpm.ecosystem;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's {@code hooks} as a file writes them, bound: each event type's command, with a program
 * written as a relative path made absolute against the app's {@code cwd} (as {@code watch} paths
 * are), and checked now, at its file:line:col, so a hook that could never start is found when the
 * file is loaded rather than at the failure it was meant to report. The schema has already
 * checked the shape and the event types.
 */
final class HookCommands {
    private final Diagnostics diagnostics;
    private final AttributeValues values;
    /** Where a bare program name is looked for at load: the loading process's PATH, which a daemon it starts inherits. */
    private final String searchPath;

    HookCommands(Diagnostics diagnostics, AttributeValues values, String searchPath) {
        this.diagnostics = diagnostics;
        this.values = values;
        this.searchPath = searchPath;
    }

    /** The commands by event type; empty when absent, refused by the schema, or without a cwd to resolve against. */
    Map<String, List<String>> bind(CanonicalApp app, Path cwd) {
        if (!(values.usable(app, "hooks") instanceof DocNode.MapNode m) || cwd == null) return Map.of();
        Map<String, List<String>> out = new TreeMap<>();
        m.entries().forEach((type, entry) -> {
            List<String> argv = new ArrayList<>();
            for (DocNode item : ((DocNode.ListNode) entry.value()).items()) {
                argv.add(AttributeValues.stringify(((DocNode.ScalarNode) item).value()));
            }
            String program = program(argv.getFirst(), cwd);
            String problem = problem(program);
            if (problem != null) {
                CanonicalApp.Located at = app.locate(List.of("hooks", type, "0"));
                diagnostics.error(at.position(), at.pointer(), "hooks." + type + ": " + problem);
                return;
            }
            argv.set(0, program);
            out.put(type, List.copyOf(argv));
        });
        return out;
    }

    /**
     * The program as the daemon runs it: an absolute path as written, a bare name as written (the
     * daemon looks it up on its PATH when the hook runs, as it does for interpreters), and a
     * relative path resolved against {@code cwd}. Pure.
     */
    static String program(String written, Path cwd) {
        if (written.isEmpty() || written.startsWith("/") || !written.contains("/")) return written;
        try {
            return cwd.resolve(written).normalize().toString();
        } catch (InvalidPathException e) {
            return written;
        }
    }

    /** Why the program cannot be run, or null (a health check's exec program too). */
    String problem(String program) {
        if (program.isEmpty()) return "the program must not be empty";
        if (!program.contains("/")) {
            return ScriptFiles.onPath(program, searchPath).isPresent() ? null
                    : "'" + program + "' is not a command on PATH (" + searchPath + "): give its absolute path";
        }
        try {
            Path p = Path.of(program);
            if (Files.isDirectory(p)) return program + " is a directory, not a program";
            if (!Files.exists(p)) return program + " does not exist";
            if (!Files.isExecutable(p)) return program + " is not executable: chmod +x it";
            return null;
        } catch (InvalidPathException e) {
            return "'" + program + "' is not a path";
        }
    }
}
