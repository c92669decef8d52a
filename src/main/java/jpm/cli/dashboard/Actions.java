package jpm.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jpm.apply.Applier;
import jpm.json.Json;
import jpm.json.JsonException;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/**
 * The POSTs: the buttons of an app page (restart, stop, start, reload, scale), carried out as the
 * CLI's commands do, and the read-only plan of an ecosystem file. Answers are JSON:
 * {@code {"message": ...}} or {@code {"error": ...}}.
 */
final class Actions {
    private final Backend backend;

    Actions(Backend backend) {
        this.backend = backend;
    }

    void act(HttpExchange ex, String body) throws IOException {
        ActionRequest a;
        try {
            a = ActionRequest.of(parse(body));
        } catch (ActionRequest.Invalid e) {
            answer(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        try (RpcClient c = backend.connect()) {
            if (c == null) {
                answer(ex, 503, Map.of("error", "the jpm daemon is not running"));
                return;
            }
            if (a.verb().equals("scale")) {
                int to = new Applier(c, line -> { }).scale(a.name(), a.namespace(), Integer.toString(a.instances()));
                answer(ex, 200, Map.of("message", "scaled " + a.app() + " to " + to));
                return;
            }
            Response r = c.call(a.request());
            if (r instanceof Response.Failure(String code, String message)) {
                answer(ex, code.equals(jpm.rpc.ErrorCode.NOT_FOUND) ? 404 : 409, Map.of("error", message, "code", code));
            } else {
                int n = r instanceof Response.Instances is ? is.instances().size() : 0;
                answer(ex, 200, Map.of("message", a.verb() + ": " + n + " instance" + (n == 1 ? "" : "s") + " of " + a.app()));
            }
        } catch (IOException | RuntimeException e) {
            answer(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    void diff(HttpExchange ex, String body) throws IOException {
        Object parsed;
        try {
            parsed = parse(body);
        } catch (ActionRequest.Invalid e) {
            answer(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("file") instanceof String file) || file.isBlank() || !Path.of(file).isAbsolute()) {
            answer(ex, 400, Map.of("error", "file must be the absolute path of an ecosystem file"));
            return;
        }
        Backend.DiffAnswer d = backend.diff(Path.of(file));
        Map<String, Object> out = new LinkedHashMap<>();
        if (d.error() != null) {
            out.put("error", d.error());
            answer(ex, 422, out);
        } else {
            out.put("changes", d.changes());
            out.put("text", d.text());
            answer(ex, 200, out);
        }
    }

    private static Object parse(String body) {
        if (body == null) throw new ActionRequest.Invalid("the body is larger than " + Dispatcher.MAX_BODY + " bytes");
        try {
            return Json.parse(body);
        } catch (JsonException e) {
            throw new ActionRequest.Invalid("the body is not JSON: " + e.getMessage());
        }
    }

    private static void answer(HttpExchange ex, int code, Map<String, ?> json) throws IOException {
        Dispatcher.send(ex, code, "application/json", Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
