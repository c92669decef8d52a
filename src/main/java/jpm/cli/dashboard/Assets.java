package jpm.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The pages and static files, read from the jar ({@code jpm/dashboard/}). A page gets the token
 * in a meta tag, where the page's script reads it for the header of its actions; another site's
 * page cannot read it (same-origin policy).
 */
final class Assets {
    static final String FOLDER = "/jpm/dashboard/";
    private final String token;

    Assets(String token) {
        this.token = token;
    }

    void serve(HttpExchange ex, Route.Asset a, boolean head) throws IOException {
        byte[] body = read(a.file());
        if (body == null) {
            Dispatcher.text(ex, 404, "404: no such file\n");
            return;
        }
        if (a.file().endsWith(".html")) {
            body = new String(body, StandardCharsets.UTF_8).replace("{{token}}", token).getBytes(StandardCharsets.UTF_8);
        }
        Dispatcher.send(ex, 200, a.contentType(), body);
    }

    static byte[] read(String file) throws IOException {
        try (InputStream in = Assets.class.getResourceAsStream(FOLDER + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
