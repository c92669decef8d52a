package jpm.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jpm.apply.ApplyException.Failing;
import jpm.logs.TailReader;
import jpm.rpc.InstanceStatus;
import jpm.rpc.InstanceInfo;

/**
 * What apply, {@code start FILE} and reload print for instances that fail to come up, as
 * {@code kubectl rollout status} and compose do: per instance its last exit, its restart
 * schedule, and the last lines of its error log, so the cause shows without a second command.
 */
final class FailureReport {
    static final int LOG_LINES = 10;
    /** Bytes read at most from the end of an error log (a line of megabytes must not flood the terminal). */
    static final int MAX_TAIL_BYTES = 16 * 1024;

    private FailureReport() {}

    static String text(List<Failing> failing) {
        StringBuilder sb = new StringBuilder();
        Set<String> shown = new HashSet<>();
        for (Failing f : failing) {
            InstanceInfo i = f.instance();
            sb.append(f.app()).append('#').append(i.instance()).append(" (id ").append(i.id()).append("): ").append(i.status())
                    .append(": ").append(f.why()).append('\n');
            sb.append("  last exit: ").append(lastExit(i)).append('\n');
            sb.append("  restarts: ").append(schedule(i, f.maxRestarts())).append('\n');
            if (!shown.add(i.errLog())) {
                sb.append("  error log: ").append(i.errLog()).append(" (shown above)\n");
                continue;
            }
            List<String> lines = lastLines(Path.of(i.errLog()), LOG_LINES);
            if (lines.isEmpty()) {
                sb.append("  error log ").append(i.errLog()).append(": empty\n");
            } else {
                sb.append("  last ").append(lines.size()).append(" line").append(lines.size() == 1 ? "" : "s").append(" of ")
                        .append(i.errLog()).append(":\n");
                for (String l : lines) sb.append("    ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    /** The same as fields, for --json. */
    static Map<String, Object> tree(String message, List<Failing> failing) {
        List<Object> out = new ArrayList<>();
        for (Failing f : failing) {
            InstanceInfo i = f.instance();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("app", f.app());
            m.put("instance", (long) i.instance());
            m.put("id", i.id());
            m.put("status", i.status().wire());
            m.put("why", f.why());
            m.put("status_reason", i.statusReason());
            m.put("exit_code", i.exitCode() == null ? null : (long) i.exitCode());
            m.put("exit_signal", i.exitSignal());
            m.put("restarts", (long) i.restarts());
            m.put("unstable_restarts", (long) i.unstableRestarts());
            m.put("max_restarts", (long) f.maxRestarts());
            m.put("next_restart_in_ms", i.nextRestartInMs());
            m.put("err_log", i.errLog());
            m.put("err_log_tail", new ArrayList<Object>(lastLines(Path.of(i.errLog()), LOG_LINES)));
            out.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("error", message);
        root.put("failing", out);
        return root;
    }

    static String lastExit(InstanceInfo i) {
        if (i.exitSignal() != null) return "killed by " + i.exitSignal();
        if (i.exitCode() != null) return "code " + i.exitCode();
        return "none recorded";
    }

    static String schedule(InstanceInfo i, int maxRestarts) {
        String count = "unstable restarts in a row " + i.unstableRestarts() + " of max_restarts " + maxRestarts
                + ", restarts " + i.restarts();
        if (i.nextRestartInMs() != null) {
            return "next in " + String.format(Locale.ROOT, "%.1f", i.nextRestartInMs() / 1000.0) + " s; " + count;
        }
        if (i.status() == InstanceStatus.ERRORED) return "none: jpm gave up; " + count;
        return "none scheduled; " + count;
    }

    /**
     * The last {@code n} lines of a file (at most {@link #MAX_TAIL_BYTES} of it), control
     * characters other than tab shown as {@code \xNN} so that an app's escape sequences do not
     * reach the terminal. Empty when the file cannot be read.
     */
    static List<String> lastLines(Path file, int n) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            long start = Math.max(TailReader.startOfLastLines(ch, end, n), end - MAX_TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (end - start));
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
                // read until full or the end
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String l : text.split("\n", -1)) lines.add(escaped(l));
            if (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
            return lines.size() > n ? lines.subList(lines.size() - n, lines.size()) : lines;
        } catch (IOException e) {
            return List.of();
        }
    }

    static String escaped(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if ((c < 0x20 && c != '\t') || c == 0x7f) sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
