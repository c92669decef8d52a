package jpm.cli.monit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jpm.cli.Render;
import jpm.cli.monit.Keys.Prompt;
import jpm.cli.monit.MonitState.EventRow;
import jpm.cli.monit.MonitState.LogRow;
import jpm.cli.monit.MonitState.Pane;
import jpm.cli.monit.MonitState.Samples;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;

/**
 * The screen for a state and a terminal size: exactly {@code height} lines of at most
 * {@code width} columns. From the top: a title, the instance list (scrolled to the selection), a
 * rule naming the selected instance and the pane, the pane (log lines, events, or details), and a
 * bottom line with the keys, a message or a question. Pure: {@code LayoutTest}.
 */
final class Layout {
    static final int MIN_WIDTH = 60;
    static final int MIN_HEIGHT = 12;
    static final String HELP = "↑↓/jk select  ⏎ details  r restart  s stop/start  R reload  d delete  l logs/events  / filter  q quit";
    static final String ASCII_HELP = HELP.replace("↑↓/", "arrows/").replace("⏎", "Enter");

    /** How to draw: with colours (not under NO_COLOR), with Unicode (a UTF-8 terminal). */
    record Style(boolean colors, boolean unicode) {}

    private Layout() {}

    static List<String> lines(MonitState s, int width, int height, Style style) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) return tooSmall(width, height);
        List<String> out = new ArrayList<>(height);
        out.add(title(s, width, style));
        List<InstanceInfo> visible = s.visible();
        List<InstanceTable.Row> rows = visible.stream()
                .map(i -> new InstanceTable.Row(i, s.samples(i.id()), style.unicode())).toList();
        List<InstanceTable.Sized> cols = InstanceTable.fit(rows, width);
        out.add(InstanceTable.header(cols, width, style.colors()));
        int listRows = listRows(visible.size(), height);
        int top = firstShown(s.selectedIndex(), visible.size(), listRows);
        for (int k = 0; k < listRows; k++) {
            int at = top + k;
            if (at < rows.size()) out.add(InstanceTable.row(cols, rows.get(at), at == s.selectedIndex(), width, style.colors()));
            else if (k == 0) out.add(empty(s, width));
            else out.add("");
        }
        InstanceInfo sel = s.selected();
        out.add(rule(sel, s.pane(), width, style));
        int paneRows = height - out.size() - 1;
        List<String> pane = switch (s.pane()) {
            case LOGS -> logPane(s, sel, width, paneRows, style);
            case EVENTS -> eventPane(s.eventsOfSelected(), width, paneRows, style);
            case DETAILS -> details(sel, sel == null ? null : s.samples(sel.id()), width, style);
        };
        for (int k = 0; k < paneRows; k++) out.add(k < pane.size() ? pane.get(k) : "");
        out.add(bottom(s, width, style));
        return out;
    }

    /** Rows of the list: every instance while they fit half the space below the title, at least one. */
    static int listRows(int count, int height) {
        int room = height - 4; // title, header, rule, bottom line
        return Math.max(1, Math.min(count, Math.max(room / 2, room - 10)));
    }

    /** The first instance shown: the selected one in the middle where the list allows. */
    static int firstShown(int selected, int count, int rows) {
        if (count <= rows) return 0;
        return Math.max(0, Math.min(selected - rows / 2, count - rows));
    }

    static List<String> tooSmall(int width, int height) {
        List<String> out = new ArrayList<>();
        List<String> text = List.of("jpm monit needs a terminal of at least " + MIN_WIDTH + "x" + MIN_HEIGHT
                        + "; this one is " + width + "x" + height + ".",
                "Enlarge it, or use `jpm ls` (the table) or `jpm events` (what happens).", "q quits.");
        for (String t : text) out.addAll(wrap(t, Math.max(1, width)));
        while (out.size() < height) out.add("");
        return out.subList(0, Math.max(0, height));
    }

    /** Words into lines of at most {@code width} characters (a longer word is cut). */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word.length() > width ? word.substring(0, width) : word);
        }
        out.add(line.toString());
        return out;
    }

    private static String title(MonitState s, int width, Style style) {
        StyledLine l = new StyledLine(width, style.colors(), StyledLine.REVERSE).add(" jpm monit ", StyledLine.BOLD);
        if (!s.loaded()) return l.add(" asking the daemon...").toString();
        l.add("  " + s.instanceCount() + " instance" + (s.instanceCount() == 1 ? "" : "s"));
        for (InstanceStatus st : InstanceStatus.values()) {
            long n = s.countIn(st);
            if (n > 0) l.add(", " + n + " " + st.wire());
        }
        if (!s.filter().isEmpty()) l.add("  filter: " + s.filter() + " (" + s.visible().size() + " shown)");
        if (s.dropped() > 0) l.add("  missed " + s.dropped() + " events");
        return l.toString();
    }

    private static String empty(MonitState s, int width) {
        if (!s.loaded()) return "";
        if (s.instanceCount() == 0) return "  no apps: start one with `jpm start <script>`";
        String t = "  no instance matches the filter '" + s.filter() + "' (Esc clears it)";
        return t.length() > width ? t.substring(0, width) : t;
    }

    private static String rule(InstanceInfo sel, Pane pane, int width, Style style) {
        String dash = "-"; // not U+2500: JLine, its line-drawing charset off, would draw that as '-' anyway
        String what = switch (pane) {
            case LOGS -> "logs";
            case EVENTS -> "events";
            case DETAILS -> "details";
        };
        String name = sel == null ? "" : " " + sel.namespace() + "/" + sel.name() + "#" + sel.instance() + " (id " + sel.id() + ") ";
        String head = dash.repeat(2) + name + dash + " " + what + " ";
        StyledLine l = new StyledLine(width, style.colors(), null).add(head, StyledLine.BOLD);
        return l.add(dash.repeat(Math.max(0, width - head.length())), StyledLine.DIM).toString();
    }

    /** The cpu and memory sparklines of the last minutes, then the last log lines that fit. */
    static List<String> logPane(MonitState s, InstanceInfo sel, int width, int rows, Style style) {
        List<String> out = new ArrayList<>();
        if (sel == null) return out;
        out.add(sparks(sel, s.samples(sel.id()), width, style));
        List<LogRow> logs = s.logs();
        if (logs.isEmpty()) out.add("(no log lines yet)");
        for (LogRow r : logs.subList(Math.max(0, logs.size() - (rows - 1)), logs.size())) {
            out.add(new StyledLine(width, style.colors(), null).add(StyledLine.clean(r.text()), r.err() ? StyledLine.RED : null).toString());
        }
        return out;
    }

    /** "cpu ▁▂▅ 12.0%   memory ▃▃▄ 40.1mb   (last 2m)", each sparkline as wide as the space allows. */
    static String sparks(InstanceInfo i, Samples samples, int width, Style style) {
        String cpu = i.pid() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", i.cpuPercent());
        String mem = i.pid() == null ? "-" : Render.bytes(i.memoryBytes());
        String span = "(last " + Render.duration(MonitState.HISTORY * 1000L) + ")";
        int spark = Math.max(0, Math.min(MonitState.HISTORY, (width - 28 - span.length() - cpu.length() - mem.length()) / 2));
        return new StyledLine(width, style.colors(), null).add("cpu ", StyledLine.BOLD)
                .add(Sparkline.cpu(samples.cpu(), spark, style.unicode()), StyledLine.CYAN).add(" " + cpu + "   ")
                .add("memory ", StyledLine.BOLD).add(Sparkline.memory(samples.memory(), spark, style.unicode()), StyledLine.CYAN)
                .add(" " + mem + "   ").add(span, StyledLine.DIM).toString();
    }

    /** The app's last events that fit, newest last: time (UTC), instance, type, cause. */
    static List<String> eventPane(List<EventRow> events, int width, int rows, Style style) {
        List<String> out = new ArrayList<>();
        if (events.isEmpty()) out.add("(no events of this app since monit started)");
        for (EventRow e : events.subList(Math.max(0, events.size() - rows), events.size())) {
            String time = e.at().length() >= 19 ? e.at().substring(11, 19) : e.at();
            out.add(new StyledLine(width, style.colors(), null).add(time + "  ", StyledLine.DIM)
                    .add(e.instance() == null ? "app " : "#" + e.instance() + "  ")
                    .add(String.format(Locale.ROOT, "%-18s", e.type()), eventStyle(e.type()))
                    .add(StyledLine.clean(e.cause())).toString());
        }
        return out;
    }

    static String eventStyle(String type) {
        return switch (type) {
            case "exited", "errored", "kill_escalated", "memory_limit_exceeded" -> StyledLine.RED;
            case "online", "ready" -> StyledLine.GREEN;
            case "restart_scheduled", "stop_requested", "starting", "waiting", "draining" -> StyledLine.YELLOW;
            default -> null;
        };
    }

    /** Everything known of the selected instance. */
    static List<String> details(InstanceInfo i, Samples samples, int width, Style style) {
        List<String> out = new ArrayList<>();
        if (i == null) return out;
        out.add(kv(width, style, "app", i.namespace() + "/" + i.name(), "instance", Integer.toString(i.instance()), "id", Long.toString(i.id()),
                "pid", i.pid() == null ? "-" : Long.toString(i.pid())));
        out.add(kv(width, style, "status", i.status().wire(), "health", i.health() == null ? "-" : i.health(),
                "restarts", i.restarts() + " (" + i.unstableRestarts() + " unstable in a row)"));
        out.add(kv(width, style, "uptime", i.uptimeMs() == null ? "-" : Render.duration(i.uptimeMs()),
                "cpu time", i.cpuTimeMs() == null ? "-" : Render.duration(i.cpuTimeMs())));
        if (i.statusReason() != null) out.add(kv(width, style, "reason", StyledLine.clean(i.statusReason())));
        if (i.exitCode() != null || i.exitSignal() != null) {
            out.add(kv(width, style, "last exit", i.exitCode() != null ? "code " + i.exitCode() : "signal " + i.exitSignal()));
        }
        if (i.nextRestartInMs() != null) out.add(kv(width, style, "next restart in", i.nextRestartInMs() + " ms"));
        out.add(kv(width, style, "out log", i.outLog() == null ? "-" : i.outLog()));
        out.add(kv(width, style, "err log", i.errLog() == null ? "-" : i.errLog()));
        out.add(sparks(i, samples, width, style));
        return out;
    }

    private static String kv(int width, Style style, String... pairs) {
        StyledLine l = new StyledLine(width, style.colors(), null);
        for (int k = 0; k + 1 < pairs.length; k += 2) {
            l.add(pairs[k] + " ", StyledLine.BOLD).add(pairs[k + 1] + (k + 2 < pairs.length ? "   " : ""));
        }
        return l.toString();
    }

    private static String bottom(MonitState s, int width, Style style) {
        StyledLine l = new StyledLine(width, style.colors(), null);
        if (s.prompt() == Prompt.FILTER) return l.add("filter: ", StyledLine.BOLD).add(s.filter() + "_   ")
                .add("Enter keeps it, Esc drops it", StyledLine.DIM).toString();
        if (s.prompt() == Prompt.CONFIRM) return l.add("delete app " + s.pending().label() + "? y/N", StyledLine.BOLD).toString();
        if (s.message() != null) return l.add(StyledLine.clean(s.message()), StyledLine.BOLD).toString();
        return l.add(style.unicode() ? HELP : ASCII_HELP, StyledLine.DIM).toString();
    }
}
