package jpm.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every request's way: the {@link Gate} first, then the {@link Route}, then the part that answers
 * it. Security headers on every answer: nothing cached, no referrer (the first URL holds the
 * token), no framing, scripts only from the dashboard itself.
 */
final class Dispatcher implements HttpHandler {
    static final int MAX_BODY = 64 * 1024;
    private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Gate gate;
    private final Assets assets;
    private final Streams streams;
    private final Actions actions;

    Dispatcher(Gate gate, Assets assets, Streams streams, Actions actions) {
        this.gate = gate;
        this.assets = assets;
        this.streams = streams;
        this.actions = actions;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            var h = ex.getResponseHeaders();
            h.set("Cache-Control", "no-store");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Content-Security-Policy", CSP);
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            var rh = ex.getRequestHeaders();
            Gate.Decision d = gate.decide(new Gate.Request(method, path, query.get("token"), joined(rh.get("Cookie")),
                    rh.getFirst(Gate.HEADER), rh.getFirst("Host"), rh.getFirst("Origin"), rh.getFirst("Sec-Fetch-Site")));
            switch (d) {
                case Gate.Unauthorized u -> text(ex, 401, "401 unauthorized: " + u.why()
                        + ". Open the URL that `jpm dashboard` printed (with its token).\n");
                case Gate.Forbidden f -> text(ex, 403, "403 forbidden: " + f.why() + "\n");
                case Gate.MoveTokenToCookie m -> {
                    h.set("Set-Cookie", m.setCookie());
                    h.set("Location", m.location());
                    ex.sendResponseHeaders(303, -1);
                }
                case Gate.Allow a -> route(ex, method, path, query);
            }
        }
    }

    private void route(HttpExchange ex, String method, String path, Map<String, String> query) throws IOException {
        switch (Route.of(method, path)) {
            case Route.Asset a -> assets.serve(ex, a, method.equals("HEAD"));
            case Route.Stream s -> streams.pictures(ex, query.get("app"));
            case Route.Logs l -> {
                if (query.get("app") == null) text(ex, 400, "400: ?app=namespace/name is missing\n");
                else streams.logs(ex, query.get("app"));
            }
            case Route.Action a -> actions.act(ex, body(ex));
            case Route.Diff d -> actions.diff(ex, body(ex));
            case Route.MethodNotAllowed m -> {
                ex.getResponseHeaders().set("Allow", m.allowed());
                text(ex, 405, "405: use " + m.allowed() + "\n");
            }
            case Route.NotFound n -> text(ex, 404, "404: no such page\n");
        }
    }

    /** The body, or null when it is longer than {@link #MAX_BODY} (the action then refuses it). */
    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : new String(b, StandardCharsets.UTF_8);
        }
    }

    static void text(HttpExchange ex, int code, String text) throws IOException {
        send(ex, code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The query's parameters (the first of each name), decoded. */
    static Map<String, String> query(String raw) {
        Map<String, String> m = new java.util.HashMap<>();
        if (raw == null) return m;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static String joined(java.util.List<String> values) {
        return values == null ? null : String.join("; ", values);
    }
}
