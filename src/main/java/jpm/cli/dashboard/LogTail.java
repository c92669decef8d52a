package jpm.cli.dashboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jpm.json.Json;
import jpm.logs.LogFollower;
import jpm.rpc.InstanceInfo;

/**
 * The live log tail of one app for its page: follows the out and err files of each of its
 * instances ({@link LogFollower}, as {@code jpm logs} does), the last lines first, and hands each
 * line on as an SSE frame. Which files it follows is taken again from the hub's instances, so a
 * scaled or reloaded app's new files show up.
 */
final class LogTail {
    static final int INITIAL_LINES = 50;
    static final long POLL_MS = 200;
    static final long REFRESH_MS = 2000;

    private record Followed(LogFollower follower, long instance, String stream) {}

    private final String app;
    private final Map<Path, Followed> files = new LinkedHashMap<>();
    private final ByteBuffer scratch = LogFollower.newBuffer();

    LogTail(String app) {
        this.app = app;
    }

    /** Follows the files of the app's instances among these; new ones from their last lines, gone ones dropped. */
    void update(List<InstanceInfo> instances) throws IOException {
        Map<Path, Followed> wanted = new LinkedHashMap<>();
        for (InstanceInfo i : instances) {
            if (!Shapes.appOf(i).equals(app)) continue;
            want(wanted, i.outLog(), i.instance(), "out");
            want(wanted, i.errLog(), i.instance(), "err");
        }
        for (Map.Entry<Path, Followed> e : files.entrySet()) {
            if (!wanted.containsKey(e.getKey())) e.getValue().follower().close();
        }
        files.clear();
        files.putAll(wanted);
    }

    /** A file to follow: the follower it already has (where it has read to), or a new one. */
    private void want(Map<Path, Followed> into, String file, int instance, String stream) {
        if (file == null || file.equals("/dev/null") || file.isEmpty()) return;
        Path p = Path.of(file);
        Followed had = files.get(p);
        into.putIfAbsent(p, had != null ? had : new Followed(new LogFollower(p, INITIAL_LINES), instance, stream));
    }

    /** Reads what is new in every file; each line goes to {@code frames} as a {@code line} frame. */
    void poll(Consumer<String> frames) {
        long now = System.nanoTime() / 1_000_000;
        for (Followed f : files.values()) {
            try {
                boolean more = true;
                for (int round = 0; more && round < 4; round++) {
                    more = f.follower().poll(now, scratch, bytes -> frames.accept(frame(f, bytes)));
                }
            } catch (IOException e) {
                // a file that cannot be read (rotated away, permission): the others go on
            }
        }
    }

    private static String frame(Followed f, byte[] line) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", f.instance());
        m.put("stream", f.stream());
        m.put("text", new String(line, StandardCharsets.UTF_8));
        return Viewer.frame("line", Json.write(m));
    }

    void close() {
        for (Followed f : files.values()) {
            try {
                f.follower().close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
        files.clear();
    }
}
