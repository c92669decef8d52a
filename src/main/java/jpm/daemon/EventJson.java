package jpm.daemon;

import java.util.Map;
import jpm.daemon.events.DaemonEvent;
import jpm.json.Json;
import jpm.rpc.WireCodec;

/**
 * An event as clients see it (docs/events.md): a JSON object with {@code type} first, then the
 * record's components in snake_case ({@code subject} a nested object, {@code at} ISO-8601 UTC).
 * The one encoding of events for every reader: the bus's subscribers, hooks, logs.
 */
public final class EventJson {
    private EventJson() {}

    /** The event as plain JSON values. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(DaemonEvent event) {
        return (Map<String, Object>) WireCodec.toTree(event, DaemonEvent.class);
    }

    /** The event as one line of JSON, without a line break. */
    public static String line(DaemonEvent event) {
        return Json.write(tree(event));
    }
}
