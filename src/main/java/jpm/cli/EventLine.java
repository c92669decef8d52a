package jpm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code jpm events} prints an event for people: when, which instance, what, the kind's own
 * values, why. {@code 2026-12-04T06:30:00.125Z  shop/web#0 id 3 pid 4242  exited  code=1
 * during_stop=false  (exit code 1)}. Keys it does not know are printed the same way, so a newer
 * daemon's events still read. Pure.
 */
final class EventLine {
    private EventLine() {}

    private static final Set<String> COMMON = Set.of("type", "subject", "at", "cause");
    private static final String RESET = "\u001b[0m";

    /** One line, without a line break. */
    static String format(Map<?, ?> event, boolean colors) {
        String type = String.valueOf(event.get("type"));
        StringBuilder b = new StringBuilder();
        b.append(event.get("at")).append("  ").append(who(event.get("subject"))).append("  ");
        b.append(colors ? color(type) + type + RESET : type);
        List<String> values = new ArrayList<>();
        for (Map.Entry<?, ?> e : event.entrySet()) {
            if (COMMON.contains(String.valueOf(e.getKey())) || e.getValue() == null) continue;
            values.add(e.getKey() + "=" + value(e.getValue()));
        }
        if (!values.isEmpty()) b.append("  ").append(String.join(" ", values));
        Object cause = event.get("cause");
        if (cause != null && !cause.toString().isEmpty()) b.append("  (").append(safe(cause.toString())).append(')');
        return b.toString();
    }

    /** {@code namespace/name#instance id N pid P}, leaving out what the event has not. */
    private static String who(Object subject) {
        if (!(subject instanceof Map<?, ?> s)) return "?";
        if (s.get("namespace") == null && s.get("name") == null) return "-"; // about no app: a sync source's event
        StringBuilder b = new StringBuilder().append(s.get("namespace")).append('/').append(s.get("name"));
        if (s.get("instance") != null) b.append('#').append(s.get("instance"));
        if (s.get("id") != null) b.append(" id ").append(s.get("id"));
        if (s.get("pid") != null) b.append(" pid ").append(s.get("pid"));
        return b.toString();
    }

    /** Text as is, unless it holds a control character (a terminal would obey it): then quoted and escaped. */
    private static String safe(String s) {
        return s.chars().anyMatch(c -> c < ' ' || c == 0x7f) ? jpm.json.Json.write(s) : s;
    }

    private static String value(Object v) {
        if (v instanceof String s) return s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == 0x7f) ? jpm.json.Json.write(s) : s;
        if (v instanceof Map<?, ?> || v instanceof List<?>) return jpm.json.Json.write(v);
        return v.toString();
    }

    /** Red for what failed, yellow for what stops, green for what came up; the rest plain. */
    private static String color(String type) {
        return switch (type) {
            case "errored", "kill_escalated", "memory_limit_exceeded" -> "\u001b[31m";
            case "exited", "stop_requested", "stopped", "draining", "deleted", "app_removed" -> "\u001b[33m";
            case "online", "ready", "app_created" -> "\u001b[32m";
            default -> "\u001b[36m";
        };
    }
}
