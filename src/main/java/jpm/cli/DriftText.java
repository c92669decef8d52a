package jpm.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.apply.DriftItem;

/**
 * Drift for humans (one line per item, its own section in {@code jpm diff}, "repaired drift:"
 * lines after {@code jpm apply}) and for scripts (plain JSON-ready maps). Pure: the clock and the
 * zone are arguments.
 */
final class DriftText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private DriftText() {}

    /** {@code jpm diff}'s section: a heading and an indented line per item; empty without drift. */
    static String section(List<DriftItem> items, Instant now, ZoneId zone) {
        if (items.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("drift since the last apply (changed by other commands):\n");
        for (DriftItem i : items) sb.append("  ").append(line(i, now, zone)).append('\n');
        return sb.toString();
    }

    /** {@code jpm apply}'s lines for the drift its plan repaired. */
    static String repaired(List<DriftItem> items, Instant now, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        for (DriftItem i : items) sb.append("repaired drift: ").append(line(i, now, zone)).append('\n');
        return sb.toString();
    }

    /** One item: what, then by whom, when and with which command, as far as known. */
    static String line(DriftItem i, Instant now, ZoneId zone) {
        String what = switch (i.kind()) {
            case STOPPED -> "stopped (" + i.count() + " of " + i.of() + " instance" + (i.of() == 1 ? "" : "s") + ")";
            case SCALED -> "scaled " + i.from() + "→" + i.to();
            case DELETED -> "deleted";
            case ERRORED -> "errored (" + i.count() + " of " + i.of() + " instance" + (i.of() == 1 ? "" : "s") + ")"
                    + (i.reason() == null ? "" : ": " + i.reason());
            case STARTED -> "started by hand (not in the file)";
            case REPLACED -> "definition replaced (no longer the file's)";
        };
        StringBuilder sb = new StringBuilder(i.app()).append(' ').append(what);
        if (i.user() != null) sb.append(" by ").append(i.user());
        if (i.at() != null) sb.append(" at ").append(time(i.at(), now, zone));
        if (i.command() != null) sb.append(" (").append(i.command()).append(')');
        return sb.toString();
    }

    /** The time of day when it is today's, else the date too. */
    static String time(Instant at, Instant now, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        return t.toLocalDate().equals(LocalDate.ofInstant(now, zone)) ? TIME.format(t) : DAY_AND_TIME.format(t);
    }

    /** The items for --json: every key present, null where not known or not of the kind. */
    static List<Object> tree(List<DriftItem> items) {
        List<Object> out = new ArrayList<>();
        for (DriftItem i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", i.kind().word());
            m.put("app", i.app());
            m.put("from", i.from() == null ? null : (long) i.from());
            m.put("to", i.to() == null ? null : (long) i.to());
            m.put("instances", i.of() == 0 ? null : (long) i.count());
            m.put("of", i.of() == 0 ? null : (long) i.of());
            m.put("reason", i.reason());
            m.put("command", i.command());
            m.put("user", i.user());
            m.put("at", i.at() == null ? null : i.at().toString());
            out.add(m);
        }
        return out;
    }
}
