package jpm.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jpm.json.Json;
import jpm.rpc.AppDetail;
import jpm.rpc.InstanceInfo;

/**
 * How {@code jpm logs} prints a line: {@code name|instance | message} with colors, bare
 * ({@code --raw}), or one JSON object ({@code --json}). Pure: bytes in, bytes out.
 *
 * <p>The message's bytes are written as they are in raw output and when stdout is not a terminal
 * (a log in Latin-1 stays Latin-1 when piped to a file). On a terminal, human output shows control
 * characters and stray bytes escaped ({@link TerminalEscapes}), so an app's escape sequences
 * never act on the operator's terminal. JSON, which needs text, decodes the bytes as UTF-8 with
 * U+FFFD for what is not UTF-8, and its writer escapes every control character.
 */
final class LogFormat {
    static final String ESC = "\033[";
    static final String RESET = ESC + "0m";
    static final String DIM = ESC + "2m";
    static final String UNDIM = ESC + "22m";
    static final int RED = 31;
    /** Colors for app names: never red, which marks stderr lines as in PM2. */
    static final int[] PALETTE = {36, 32, 33, 34, 35, 96, 92, 93, 94, 95};

    /**
     * One followed file and who writes it.
     *
     * @param instance the instance index, or null when several instances share the file (merge_logs)
     * @param stream "out" or "err"
     */
    record Source(String app, String namespace, Integer instance, String stream, String file) {
        /** {@code name|0}, {@code ns/name|0} outside the default namespace, {@code name|*} for a shared file. */
        String label() {
            return qualifiedName() + "|" + (instance == null ? "*" : instance.toString());
        }

        String qualifiedName() {
            return namespace == null || namespace.equals("default") ? app : namespace + "/" + app;
        }
    }

    private final boolean colors;
    private final boolean escape;
    private final boolean raw;
    private final boolean json;
    private final DateTimeFormatter timestamp;

    /**
     * @param escape show the messages' control characters escaped (see {@link #escapeWanted})
     * @param timestamp the format of the print time put before each message, or null for none
     */
    LogFormat(boolean colors, boolean escape, boolean raw, boolean json, DateTimeFormatter timestamp) {
        this.colors = colors && !raw && !json;
        this.escape = escape && !raw && !json;
        this.raw = raw;
        this.json = json;
        this.timestamp = timestamp;
    }

    /**
     * Whether to color: never with {@code --raw} or {@code --json}, when {@code NO_COLOR} is set to
     * anything but the empty string (no-color.org), with {@code TERM=dumb}, or when stdout is not a
     * terminal.
     */
    static boolean colorsWanted(Map<String, String> env, boolean terminal, boolean raw, boolean json) {
        String noColor = env.get("NO_COLOR");
        return terminal && !raw && !json && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /**
     * Whether to escape the messages' control characters: on a terminal, unless {@code --raw}
     * (the exact bytes, on purpose) or {@code --json} (whose writer escapes them). Not for a pipe
     * or a file: a file gets the log's bytes, as {@code tail} would give them. Neither
     * {@code NO_COLOR} nor {@code TERM=dumb} turns it off: a dumb terminal still obeys a CR.
     */
    static boolean escapeWanted(boolean terminal, boolean raw, boolean json) {
        return terminal && !raw && !json;
    }

    /** An app's color: a stable hash of its qualified name (String.hashCode is specified, so it is the same in every run). */
    static int colorOf(String qualifiedName) {
        return PALETTE[Math.floorMod(qualifiedName.hashCode(), PALETTE.length)];
    }

    /** The bytes to print for one line, newline included; {@code width} pads labels so messages line up. */
    byte[] format(Source s, byte[] line, int width, ZonedDateTime now) {
        String stamp = timestamp == null ? null : timestamp.format(now);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("app", s.app());
            o.put("namespace", s.namespace());
            o.put("instance", s.instance() == null ? null : (Object) s.instance().longValue());
            o.put("stream", s.stream());
            o.put("file", s.file());
            if (stamp != null) o.put("timestamp", stamp);
            o.put("message", new String(line, StandardCharsets.UTF_8));
            return (Json.write(o) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(line.length + width + 48);
        if (!raw) b.writeBytes(prefix(s, width).getBytes(StandardCharsets.UTF_8));
        if (stamp != null) b.writeBytes((stamp + " ").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(escape ? TerminalEscapes.escape(line) : line);
        b.write('\n');
        return b.toByteArray();
    }

    /** {@code web|0  | }: the label padded to {@code width}, then a separator; colored when colors are on. */
    String prefix(Source s, int width) {
        String pad = " ".repeat(Math.max(0, width - s.label().length()));
        if (!colors) return s.label() + pad + " | ";
        String color = ESC + (s.stream().equals("err") ? RED : colorOf(s.qualifiedName())) + "m";
        String inst = s.instance() == null ? "*" : s.instance().toString();
        return color + s.qualifiedName() + DIM + "|" + UNDIM + inst + pad + " " + DIM + "|" + RESET + " ";
    }

    /** The widest label, to align messages. */
    static int width(Iterable<Source> sources) {
        int w = 0;
        for (Source s : sources) w = Math.max(w, s.label().length());
        return w;
    }

    /**
     * The files to follow for a describe answer: each path once, in app, instance, out-then-err
     * order. A path several instances share (merge_logs) is labelled {@code *}; a path both an
     * instance's stdout and stderr go to is one source, its stream the first seen.
     */
    static List<Source> sources(List<AppDetail> apps, boolean out, boolean err) {
        record Owner(String app, String namespace, int instance, String stream) {}
        Map<String, List<Owner>> byPath = new LinkedHashMap<>();
        for (AppDetail a : apps) {
            for (InstanceInfo i : a.instances()) {
                if (out && i.outLog() != null) byPath.computeIfAbsent(i.outLog(), k -> new ArrayList<>())
                        .add(new Owner(i.name(), i.namespace(), i.instance(), "out"));
                if (err && i.errLog() != null) byPath.computeIfAbsent(i.errLog(), k -> new ArrayList<>())
                        .add(new Owner(i.name(), i.namespace(), i.instance(), "err"));
            }
        }
        List<Source> sources = new ArrayList<>();
        byPath.forEach((path, owners) -> {
            Owner first = owners.getFirst();
            boolean shared = owners.stream().anyMatch(o -> o.instance() != first.instance()
                    || !Objects.equals(o.app(), first.app()) || !Objects.equals(o.namespace(), first.namespace()));
            sources.add(new Source(first.app(), first.namespace(), shared ? null : first.instance(), first.stream(), path));
        });
        return sources;
    }
}
