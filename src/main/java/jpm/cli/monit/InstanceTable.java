package jpm.cli.monit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import jpm.cli.Render;
import jpm.rpc.InstanceInfo;

/**
 * The instance list: which columns fit a width, their widths, and each row's cells with their
 * colours. Pure.
 */
final class InstanceTable {
    /** Samples in a row's sparklines: the last 20 seconds. */
    static final int SPARK = 20;

    private InstanceTable() {}

    /** A column: its header, the cell of an instance, the widest it may get, whether it is a sparkline. */
    record Column(String header, Function<Row, String> cell, int maxWidth, boolean right) {}

    /** An instance and its samples. */
    record Row(InstanceInfo info, MonitState.Samples samples, boolean unicode) {}

    static final Column ID = new Column("id", r -> Long.toString(r.info().id()), 6, true);
    static final Column NAME = new Column("name", r -> r.info().name(), 24, false);
    static final Column NS = new Column("ns", r -> r.info().namespace(), 14, false);
    static final Column INST = new Column("inst", r -> Integer.toString(r.info().instance()), 4, true);
    static final Column STATUS = new Column("status", r -> r.info().status().wire(), 15, false);
    static final Column HEALTH = new Column("health", r -> r.info().health() == null ? "-" : r.info().health(), 9, false);
    static final Column RESTARTS = new Column("restarts", r -> Integer.toString(r.info().restarts()), 8, true);
    static final Column UPTIME = new Column("uptime", r -> r.info().uptimeMs() == null ? "-" : Render.duration(r.info().uptimeMs()), 6, true);
    static final Column CPU = new Column("cpu", r -> r.info().pid() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.info().cpuPercent()), 7, true);
    static final Column MEMORY = new Column("memory", r -> r.info().pid() == null ? "-" : Render.bytes(r.info().memoryBytes()), 9, true);
    static final Column CPU_SPARK = new Column("cpu 20s", r -> Sparkline.cpu(r.samples().cpu(), SPARK, r.unicode()), SPARK, false);
    static final Column MEM_SPARK = new Column("memory 20s", r -> Sparkline.memory(r.samples().memory(), SPARK, r.unicode()), SPARK, false);

    static final List<Column> ALL = List.of(ID, NAME, NS, INST, STATUS, HEALTH, RESTARTS, UPTIME, CPU, MEMORY, CPU_SPARK, MEM_SPARK);
    /** What goes first when the width is short. */
    static final List<Column> DROP_ORDER = List.of(MEM_SPARK, CPU_SPARK, HEALTH, ID, NS, INST);

    /** The columns that fit {@code width} with their widths (2 columns between each, 2 for the selection mark). */
    static List<Sized> fit(List<Row> rows, int width) {
        List<Column> cols = new ArrayList<>(ALL);
        if (rows.stream().noneMatch(r -> r.info().health() != null)) cols.remove(HEALTH);
        for (Column drop : DROP_ORDER) {
            if (total(size(cols, rows)) <= width) break;
            cols.remove(drop);
        }
        return size(cols, rows);
    }

    /** A column and its width. */
    record Sized(Column column, int width) {}

    private static List<Sized> size(List<Column> cols, List<Row> rows) {
        List<Sized> out = new ArrayList<>();
        for (Column c : cols) {
            int w = c.header().length();
            for (Row r : rows) w = Math.max(w, c.cell().apply(r).length());
            out.add(new Sized(c, Math.min(Math.max(w, c.header().length()), Math.max(c.maxWidth(), c.header().length()))));
        }
        return out;
    }

    static int total(List<Sized> cols) {
        int t = 2;
        for (Sized s : cols) t += s.width() + 2;
        return t - 2;
    }

    static String header(List<Sized> cols, int width, boolean colors) {
        StyledLine l = new StyledLine(width, colors, null).add("  ");
        for (Sized s : cols) cell(l, s, s.column().header(), StyledLine.BOLD);
        return l.toString();
    }

    static String row(List<Sized> cols, Row r, boolean selected, int width, boolean colors) {
        StyledLine l = new StyledLine(width, colors, selected ? StyledLine.REVERSE : null).add(selected ? "> " : "  ");
        for (Sized s : cols) cell(l, s, s.column().cell().apply(r), styleOf(s.column(), r.info()));
        return l.toString();
    }

    private static void cell(StyledLine l, Sized s, String text, String style) {
        String t = text.length() > s.width() ? text.substring(0, Math.max(0, s.width() - 1)) + "~" : text;
        int start = l.used();
        if (s.column().right()) l.padTo(start + s.width() - t.length());
        l.add(t, style);
        l.padTo(start + s.width() + 2);
    }

    private static String styleOf(Column c, InstanceInfo i) {
        if (c == STATUS) return statusStyle(i.status().wire());
        if (c == HEALTH) return healthStyle(i.health());
        if (c == RESTARTS) return i.restarts() > 0 ? StyledLine.YELLOW : null;
        if (c == CPU_SPARK || c == MEM_SPARK) return StyledLine.CYAN;
        return null;
    }

    static String statusStyle(String status) {
        return switch (status) {
            case "online" -> StyledLine.GREEN;
            case "errored" -> StyledLine.RED;
            case "stopped" -> StyledLine.DIM;
            default -> StyledLine.YELLOW; // on the way somewhere: launching, stopping, waiting, waiting-restart
        };
    }

    static String healthStyle(String health) {
        if (health == null) return null;
        return switch (health) {
            case "healthy" -> StyledLine.GREEN;
            case "unhealthy" -> StyledLine.RED;
            default -> StyledLine.YELLOW;
        };
    }
}
