package jpm.cli;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Response;
import jpm.rpc.WireCodec;

/**
 * The CLI's output: the `jpm ls` table, ping's line, their JSON forms, durations and sizes.
 * Pure string building, shared by the picocli commands and {@link FastPath}.
 */
public final class Render {
    private Render() {}

    /** What `jpm ping` prints, newline included. */
    static String pong(Response.Pong p, boolean json) {
        if (json) return WireCodec.write(p, Response.Pong.class) + "\n";
        return "pong: daemon pid " + p.pid() + ", up " + duration(p.uptimeMs()) + ", " + p.apps() + " app(s), "
                + p.instances() + " instance(s)\n";
    }

    /**
     * What `jpm ls` (verb null) and the commands that act on instances print: "started 2
     * instances" and the table, or the JSON array of `jpm jlist`.
     */
    static String instances(List<InstanceInfo> list, String verb, boolean json) {
        if (json) return WireCodec.write(list, instanceListType()) + "\n";
        String head = verb == null ? "" : verb + " " + list.size() + " instance" + (list.size() == 1 ? "" : "s") + "\n";
        return head + table(list);
    }

    /** The declared type of a list of instances, which the codec needs to encode one. */
    static Type instanceListType() {
        return Response.Instances.class.getRecordComponents()[0].getGenericType();
    }

    static final List<String> LS_HEADER =
            List.of("id", "name", "namespace", "inst", "pid", "status", "restarts", "uptime", "cpu", "memory");

    /** The table; a health column after status when some instance has a health probe that runs. */
    static String table(List<InstanceInfo> instances) {
        if (instances.isEmpty()) return "no apps: start one with `jpm start <script>`\n";
        boolean health = instances.stream().anyMatch(i -> i.health() != null);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(LS_HEADER);
        if (health) header.add(header.indexOf("status") + 1, "health");
        rows.add(header);
        for (InstanceInfo i : instances) {
            List<String> row = new ArrayList<>(List.of(Long.toString(i.id()), i.name(), i.namespace(), Integer.toString(i.instance()),
                    i.pid() == null ? "-" : Long.toString(i.pid()), i.status().wire(), Integer.toString(i.restarts()),
                    i.uptimeMs() == null ? "-" : duration(i.uptimeMs()),
                    i.pid() == null ? "-" : oneDecimal(i.cpuPercent()) + "%",
                    i.pid() == null ? "-" : bytes(i.memoryBytes())));
            if (health) row.add(header.indexOf("health"), i.health() == null ? "-" : i.health());
            rows.add(row);
        }
        return columns(rows);
    }

    static String columns(List<List<String>> rows) {
        int n = rows.getFirst().size();
        int[] width = new int[n];
        for (List<String> r : rows) {
            for (int c = 0; c < n; c++) width[c] = Math.max(width[c], r.get(c).length());
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < n; c++) {
                sb.append(r.get(c));
                if (c < n - 1) sb.append(" ".repeat(width[c] - r.get(c).length() + 2));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** 950 -> 0s, 59_000 -> 59s, 61_000 -> 1m, 7_200_000 -> 2h, 3 days -> 3d. */
    public static String duration(long ms) {
        long s = ms / 1000;
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m";
        if (s < 86400) return s / 3600 + "h";
        return s / 86400 + "d";
    }

    /** Binary units as PM2 shows them: 512b, 1.5kb, 24.3mb, 1.2gb. */
    public static String bytes(long b) {
        if (b < 1024) return b + "b";
        if (b < 1024 * 1024) return oneDecimal(b / 1024.0) + "kb";
        if (b < 1024L * 1024 * 1024) return oneDecimal(b / (1024.0 * 1024)) + "mb";
        return oneDecimal(b / (1024.0 * 1024 * 1024)) + "gb";
    }

    /**
     * The text of {@code String.format(Locale.ROOT, "%.1f", v)} for a finite v: the shortest
     * decimal of the double rounded half up to one place, as the Formatter rounds. Without the
     * Formatter, which parses its pattern on every call: an `ls` of 10,000 instances formats
     * 20,000 figures.
     */
    static String oneDecimal(double v) {
        String s = Double.toString(v);
        int dot = s.indexOf('.');
        if (v < 0 || dot < 0 || s.indexOf('E') >= 0) {
            // not met by the figures of ls (BigDecimal's start costs a CLI command milliseconds)
            return new BigDecimal(s).setScale(1, RoundingMode.HALF_UP).toPlainString();
        }
        if (s.length() - dot <= 2) return s; // one decimal already: "12.5"
        char[] kept = s.substring(0, dot + 2).toCharArray();
        if (s.charAt(dot + 2) >= '5') { // half up: the first digit dropped decides
            int i = kept.length - 1;
            while (i >= 0 && (kept[i] == '9' || kept[i] == '.')) {
                if (kept[i] == '9') kept[i] = '0';
                i--;
            }
            if (i < 0) return "1" + new String(kept);
            kept[i]++;
        }
        return new String(kept);
    }
}
