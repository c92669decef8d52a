package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.json.Json;
import jpm.json.JsonException;

/**
 * What an app's message says, from either way in: a line of a Node app's IPC channel (Node's JSON
 * serialization: one {@code process.send} value per line) or a datagram on NOTIFY_SOCKET
 * (sd_notify's {@code KEY=value} lines). Pure: the daemon acts on the result.
 */
final class AppMessages {
    private AppMessages() {}

    /** The most text one message may carry; a longer one is dropped, never cut and passed on. */
    static final int MAX_BYTES = 64 * 1024;

    sealed interface Parsed {}

    /** {@code process.send('ready')} or {@code READY=1}. */
    record Ready() implements Parsed {}

    /** The cluster adapter: the app listens on its shared port. */
    record Listening() implements Parsed {}

    /** sd_notify's {@code STATUS=}: what the app says it is doing. */
    record Status(String text) implements Parsed {}

    /** A message for the bus. */
    record Message(String topic, Object data) implements Parsed {}

    /** jpm's own or Node's own traffic on the channel (the cluster adapter's, handle acknowledgements). */
    record Internal() implements Parsed {}

    /** Not passed on: why. */
    record Dropped(String reason) implements Parsed {}

    /** One line of the IPC channel. */
    static Parsed ipcLine(String line) {
        if (line.isEmpty()) return new Internal();
        if (line.length() > MAX_BYTES) return new Dropped("longer than " + MAX_BYTES + " bytes");
        Object v;
        try {
            v = Json.parse(line);
        } catch (JsonException e) {
            return new Dropped("not JSON: " + e.getMessage());
        }
        if ("ready".equals(v)) return new Ready();
        if (v instanceof Map<?, ?> m && "listening".equals(m.get("jpm"))) return new Listening();
        if (v instanceof Map<?, ?> m && (m.containsKey("jpm") || m.get("cmd") instanceof String cmd && cmd.startsWith("NODE_"))) {
            return new Internal();
        }
        return message(v);
    }

    /** One datagram from NOTIFY_SOCKET: each line that means something to jpm. */
    static List<Parsed> datagram(String text, boolean truncated) {
        if (truncated) return List.of(new Dropped("a datagram longer than " + MAX_BYTES + " bytes"));
        List<Parsed> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.equals("READY=1")) {
                out.add(new Ready());
            } else if (line.startsWith("STATUS=")) {
                out.add(new Status(line.substring("STATUS=".length())));
            } else if (line.startsWith("JPM_MSG=")) {
                try {
                    out.add(message(Json.parse(line.substring("JPM_MSG=".length()))));
                } catch (JsonException e) {
                    out.add(new Dropped("JPM_MSG is not JSON: " + e.getMessage()));
                }
            }
            // other sd_notify keys (WATCHDOG=1, MAINPID=, ...) mean nothing to jpm
        }
        return out;
    }

    /** {@code {type, data}} as PM2's process.send takes it; any other value whole, without a topic. */
    private static Parsed message(Object v) {
        if (v instanceof Map<?, ?> m && m.get("type") instanceof String type) return new Message(type, m.get("data"));
        return new Message(null, v);
    }
}
