package jpm.cli.dashboard;

import java.util.Map;

/** Which part of the dashboard a request asks for, from its method and path alone. Pure. */
public sealed interface Route {
    /** A page or a static file from the jar's {@code jpm/dashboard/} folder. */
    record Asset(String file, String contentType) implements Route {}

    /** The live stream (Server-Sent Events) of instances, samples and events. */
    record Stream() implements Route {}

    /** The live stream of an app's log lines. */
    record Logs() implements Route {}

    /** An action on an app (restart, stop, start, reload, scale): its JSON body says which. */
    record Action() implements Route {}

    /** The plan `jpm diff` shows for an ecosystem file: its JSON body names the file. */
    record Diff() implements Route {}

    record NotFound() implements Route {}

    record MethodNotAllowed(String allowed) implements Route {}

    Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    static Route of(String method, String path) {
        boolean get = method.equals("GET") || method.equals("HEAD");
        Route r = switch (path) {
            case "/" -> get ? new Asset("index.html", TYPES.get("html")) : new MethodNotAllowed("GET");
            case "/app" -> get ? new Asset("app.html", TYPES.get("html")) : new MethodNotAllowed("GET");
            case "/api/stream" -> get ? new Stream() : new MethodNotAllowed("GET");
            case "/api/logs" -> get ? new Logs() : new MethodNotAllowed("GET");
            case "/api/action" -> method.equals("POST") ? new Action() : new MethodNotAllowed("POST");
            case "/api/diff" -> method.equals("POST") ? new Diff() : new MethodNotAllowed("POST");
            default -> null;
        };
        if (r != null) return r;
        if (path.startsWith("/static/")) {
            String file = path.substring("/static/".length());
            // a flat folder of known kinds: no path can climb out of it
            if (!file.matches("[a-z0-9-]+\\.(js|css|svg)")) return new NotFound();
            if (!get) return new MethodNotAllowed("GET");
            return new Asset(file, TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
        }
        return new NotFound();
    }
}
