package jpm.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import jpm.json.Json;

/**
 * How a line is written in piped mode: as is, behind a timestamp ({@code <time>: <line>}, PM2's
 * layout for {@code time: true}), or as one JSON object ({@code log_type: json}). The timestamp
 * text is cached per millisecond: a burst of lines read together costs one format.
 */
public final class LineFormat {
    /** Appended to each piece of a line cut at the length limit. */
    static final byte[] CUT_MARK = " [jpm: line cut here, continues on the next line]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    private final DateTimeFormatter timestamps;
    private final boolean json;
    private final String app;
    private final int instance;
    private final String stream;
    private long cachedMillis = Long.MIN_VALUE;
    private String cachedTime;
    private byte[] cachedPrefix;

    /**
     * @param timestamps null = no timestamp (text mode), else the format (zone applied here)
     * @param json one JSON object per line (always timestamped)
     */
    public LineFormat(DateTimeFormatter timestamps, boolean json, String app, int instance, String stream) {
        this.timestamps = timestamps == null ? null : timestamps.withZone(timestamps.getZone() != null ? timestamps.getZone()
                : ZoneId.systemDefault());
        this.json = json;
        this.app = app;
        this.instance = instance;
        this.stream = stream;
    }

    /** Writes one line (without its newline) to a file as this format says. */
    public void write(LogFile file, long nowMillis, byte[] b, int off, int len, boolean cut) throws IOException {
        if (json) {
            byte[] line = jsonLine(nowMillis, b, off, len, cut);
            file.write(NONE, line, 0, line.length, NONE);
            return;
        }
        file.write(timestamps == null ? NONE : prefix(nowMillis), b, off, len, cut ? CUT_MARK : NONE);
    }

    private byte[] jsonLine(long nowMillis, byte[] b, int off, int len, boolean cut) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("timestamp", time(nowMillis));
        o.put("app", app);
        o.put("instance", (long) instance);
        o.put("stream", stream);
        // invalid UTF-8 becomes U+FFFD here; text mode keeps the bytes as they are
        o.put("message", new String(b, off, len, StandardCharsets.UTF_8));
        if (cut) o.put("cut", true);
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] prefix(long nowMillis) {
        refresh(nowMillis);
        return cachedPrefix;
    }

    private String time(long nowMillis) {
        refresh(nowMillis);
        return cachedTime;
    }

    private void refresh(long nowMillis) {
        if (nowMillis == cachedMillis) return;
        cachedMillis = nowMillis;
        cachedTime = (timestamps != null ? timestamps : DateTimeFormatter.ISO_INSTANT).format(Instant.ofEpochMilli(nowMillis));
        cachedPrefix = (cachedTime + ": ").getBytes(StandardCharsets.UTF_8);
    }
}
