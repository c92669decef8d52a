package jpm.daemon;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jpm.json.Json;

/**
 * The environment of a hook's process (docs/hooks.md): the variables an app inherits from the
 * daemon ({@link ChildEnv#INHERITED_ENV}), {@code JPM_HOME}, and the event as {@code JPM_EVENT_*}
 * variables, derived from its JSON form ({@link EventJson}) so the two never say different things.
 * Not the app's own env: a hook reports on the app, it is not part of it. Pure.
 */
final class HookEnv {
    static final String PREFIX = "JPM_EVENT_";

    private HookEnv() {}

    static Map<String, String> of(Map<String, String> inherited, String home, Map<String, Object> event) {
        Map<String, String> env = new TreeMap<>(inherited);
        env.put("JPM_HOME", home);
        env.putAll(variables(event));
        return env;
    }

    /**
     * One variable per key of the event's JSON form, upper-cased under {@link #PREFIX}: the
     * subject's keys without their {@code subject.} ({@code JPM_EVENT_NAME}, {@code JPM_EVENT_PID}),
     * the kind's own keys as they are ({@code JPM_EVENT_CODE}, {@code JPM_EVENT_DURING_STOP}).
     * A null is left unset, so a script can tell "no exit code" from an empty value; booleans and
     * numbers are their JSON text.
     */
    static Map<String, String> variables(Map<String, Object> event) {
        Map<String, String> out = new TreeMap<>();
        event.forEach((key, value) -> {
            if (key.equals("subject") && value instanceof Map<?, ?> subject) {
                subject.forEach((k, v) -> put(out, (String) k, v));
            } else {
                put(out, key, value);
            }
        });
        return out;
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value == null) return;
        String text = switch (value) {
            case String s -> s;
            case Map<?, ?> m -> Json.write(m);
            case List<?> l -> Json.write(l);
            default -> value.toString();
        };
        out.put(PREFIX + key.toUpperCase(Locale.ROOT), text);
    }
}
