package jpm.ecosystem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An app's {@code health} as a file writes it, bound to a {@link Supervision.HealthCheck} and
 * checked now, at the file:line:col of the value at fault: durations, a tcp port, the exec
 * program (found as a hook's is, {@link HookCommands}), and the {@code ${NAME}} templates the
 * daemon fills per instance. The schema has already checked the shape (one probe, the keys,
 * their types), so a value it refused makes the whole probe absent here, reported once.
 */
final class HealthBinding {
    /** Variables jpm sets in every instance's environment (docs/ecosystem.md, "Environment of an app"). */
    static final List<String> JPM_VARIABLES = List.of("JPM_APP_NAME", "JPM_NAMESPACE", "JPM_INSTANCE", "JPM_ID", "JPM_HOME");

    private final Diagnostics diagnostics;
    private final AttributeValues values;
    private final HookCommands programs;

    HealthBinding(Diagnostics diagnostics, AttributeValues values, HookCommands programs) {
        this.diagnostics = diagnostics;
        this.values = values;
        this.programs = programs;
    }

    /**
     * The probe, or null when there is none or it has an error.
     *
     * @param variables the variables an instance's environment has at load: the app's env (with
     *     PORT from port), instance_var, increment_var and jpm's own; a template naming another
     *     is a warning (the daemon passes a few of its own, PATH or HOME, that a file cannot know)
     */
    Supervision.HealthCheck bind(CanonicalApp app, Path cwd, Set<String> variables) {
        if (!(values.usable(app, "health") instanceof DocNode.MapNode m)) return null;
        boolean ok = true;
        String http = text(m, "http");
        String tcp = text(m, "tcp");
        List<String> exec = null;
        if (http != null) ok &= templates(app, List.of("health", "http"), http, variables);
        if (tcp != null) ok &= templates(app, List.of("health", "tcp"), tcp, variables) && tcpPort(app, tcp);
        if (m.get("exec") instanceof DocNode.ListNode l) {
            exec = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                String word = AttributeValues.stringify(((DocNode.ScalarNode) l.items().get(i)).value());
                ok &= templates(app, List.of("health", "exec", Integer.toString(i)), word, variables);
                exec.add(word);
            }
            ok &= program(app, exec, cwd);
        }
        long interval = duration(app, m, "interval", Supervision.HealthCheck.DEFAULT_INTERVAL_MS, 1);
        long timeout = duration(app, m, "timeout", Supervision.HealthCheck.DEFAULT_TIMEOUT_MS, 1);
        long startPeriod = duration(app, m, "start_period", 0, 0);
        int retries = retries(app, m);
        String onUnhealthy = text(m, "on_unhealthy");
        if (!ok || interval < 0 || timeout < 0 || startPeriod < 0 || retries < 0) return null;
        return new Supervision.HealthCheck(http, tcp, exec, interval, timeout, retries, startPeriod, onUnhealthy);
    }

    private static String text(DocNode.MapNode m, String key) {
        return m.get(key) instanceof DocNode.ScalarNode s && s.value() instanceof String str ? str : null;
    }

    /** Milliseconds, the default when absent, or -1 after reporting a value below {@code min}. */
    private long duration(CanonicalApp app, DocNode.MapNode m, String key, long dflt, long min) {
        if (!(m.get(key) instanceof DocNode.ScalarNode s)) return dflt;
        long ms;
        try {
            ms = Quantities.durationMs(s.value());
        } catch (IllegalArgumentException e) {
            error(app, List.of("health", key), "duration " + e.getMessage());
            return -1;
        }
        if (ms < min) {
            error(app, List.of("health", key), "must be more than 0, found " + s.value());
            return -1;
        }
        return ms;
    }

    private int retries(CanonicalApp app, DocNode.MapNode m) {
        if (!(m.get("retries") instanceof DocNode.ScalarNode s)) return Supervision.HealthCheck.DEFAULT_RETRIES;
        if (s.value() instanceof Long l && l <= Integer.MAX_VALUE) return (int) (long) l;
        error(app, List.of("health", "retries"), "must be at most " + Integer.MAX_VALUE + ", found " + s.value());
        return -1;
    }

    /** A literal port must be one; a templated one ({@code ${PORT}}) is checked by the daemon once filled. */
    private boolean tcpPort(CanonicalApp app, String tcp) {
        String port = tcp.substring(tcp.lastIndexOf(':') + 1);
        if (port.startsWith("${")) return true;
        try {
            int n = Integer.parseInt(port);
            if (n >= 1 && n <= 65535) return true;
        } catch (NumberFormatException e) {
            // too long for an int: not a port either
        }
        error(app, List.of("health", "tcp"), "port " + port + " is not a port number (1 to 65535)");
        return false;
    }

    /** The program made absolute against cwd as a hook's is, and refused at its line when it cannot run. */
    private boolean program(CanonicalApp app, List<String> exec, Path cwd) {
        String written = exec.getFirst();
        // a templated program is only known per instance; the daemon reports it if it cannot run
        if (cwd == null || written.contains("${")) return true;
        String program = HookCommands.program(written, cwd);
        String problem = programs.problem(program);
        if (problem != null) {
            error(app, List.of("health", "exec", "0"), "health.exec: " + problem);
            return false;
        }
        exec.set(0, program);
        return true;
    }

    /** The templates of one value: a syntax error is an error; an unknown variable a warning. */
    private boolean templates(CanonicalApp app, List<String> path, String text, Set<String> variables) {
        List<String> names;
        try {
            names = variables(text);
        } catch (IllegalArgumentException e) {
            error(app, path, e.getMessage());
            return false;
        }
        for (String name : names) {
            if (variables.contains(name)) continue;
            CanonicalApp.Located at = app.locate(path);
            diagnostics.warning(at.position(), at.pointer(), unknownVariable(name, variables));
        }
        return true;
    }

    static String unknownVariable(String name, Set<String> variables) {
        if (name.equals("PORT")) {
            return "${PORT}: the app has no PORT (set port, or PORT in env), so the probe gets what the daemon's"
                    + " environment has, if anything";
        }
        String closest = variables.stream().min(Comparator.comparingInt(v -> Pm2Vocabulary.editDistance(name, v))).orElse(null);
        String meant = closest != null && Pm2Vocabulary.editDistance(name, closest) <= Math.max(2, name.length() / 4)
                ? "; did you mean ${" + closest + "}?" : "";
        return "${" + name + "} is not in the app's env nor one of jpm's variables (" + String.join(", ", JPM_VARIABLES)
                + ", instance_var), so the probe gets what the daemon's environment has, if anything" + meant;
    }

    /**
     * The variables a probe's text names, in order: {@code ${NAME}}, NAME a shell identifier. A
     * {@code $} not followed by {@code {} is text. Pure.
     *
     * @throws IllegalArgumentException naming the malformed template
     */
    static List<String> variables(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf("${", i)) >= 0) {
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                throw new IllegalArgumentException("'" + text.substring(i) + "': ${ is not closed: write ${NAME}");
            }
            String name = text.substring(i + 2, end);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + text.substring(i, end + 1) + "' is not a variable: write ${NAME}"
                        + " (letters, digits and _, not starting with a digit; no default values or other shell forms)");
            }
            out.add(name);
            i = end + 1;
        }
        return out;
    }

    /** The variables an instance's environment has at load: env's, instance_var, increment_var and jpm's. */
    static Set<String> known(Iterable<String> env, String instanceVar, String incrementVar) {
        Set<String> out = new TreeSet<>(JPM_VARIABLES);
        for (String v : env) out.add(v);
        if (instanceVar != null) out.add(instanceVar);
        if (incrementVar != null) out.add(incrementVar);
        return out;
    }

    private void error(CanonicalApp app, List<String> path, String message) {
        CanonicalApp.Located at = app.locate(path);
        diagnostics.error(at.position(), at.pointer(), message);
    }
}
