package jpm.cli.dashboard;

import java.util.Map;
import java.util.Set;
import jpm.rpc.Request;

/**
 * What a button on the page asks for, read from the JSON body of {@code POST /api/action}:
 * {@code {"verb": "restart", "app": "default/web"}}, and for scale {@code "instances": 3}. Pure:
 * {@link #of} validates, {@link #request} says which daemon request carries it out.
 */
public record ActionRequest(String verb, String app, Integer instances) {
    public static final Set<String> VERBS = Set.of("restart", "stop", "start", "reload", "scale");
    /** The most instances a page may ask for: a typo of 1000 should not fork a thousand processes. */
    static final int MAX_INSTANCES = 64;

    /** Thrown for a body the page would never send; its message is the answer's error. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    public static ActionRequest of(Object body) {
        if (!(body instanceof Map<?, ?> m)) throw new Invalid("the body must be a JSON object");
        if (!(m.get("verb") instanceof String verb) || !VERBS.contains(verb)) {
            throw new Invalid("verb must be one of " + String.join(", ", new java.util.TreeSet<>(VERBS)));
        }
        if (!(m.get("app") instanceof String app) || !app.matches("[^/\\s]+/[^/\\s]+")) {
            throw new Invalid("app must be namespace/name");
        }
        Integer n = null;
        if (verb.equals("scale")) {
            if (!(m.get("instances") instanceof Long l) || l < 0 || l > MAX_INSTANCES) {
                throw new Invalid("instances must be a whole number from 0 to " + MAX_INSTANCES);
            }
            n = l.intValue();
        }
        return new ActionRequest(verb, app, n);
    }

    public String namespace() {
        return app.substring(0, app.indexOf('/'));
    }

    public String name() {
        return app.substring(app.indexOf('/') + 1);
    }

    /** The daemon request for every verb but scale (which goes through apply's scale: null here). */
    public Request request() {
        return switch (verb) {
            case "restart" -> new Request.Restart(app);
            case "stop" -> new Request.Stop(app);
            case "start" -> new Request.StartKnown(app);
            case "reload" -> new Request.Reload(app);
            default -> null;
        };
    }
}
