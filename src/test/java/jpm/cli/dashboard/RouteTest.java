package jpm.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /, Asset",
        "HEAD, /, Asset",
        "GET, /app, Asset",
        "GET, /api/stream, Stream",
        "GET, /api/logs, Logs",
        "POST, /api/action, Action",
        "POST, /api/diff, Diff",
        "GET, /api/action, MethodNotAllowed",
        "POST, /, MethodNotAllowed",
        "POST, /api/stream, MethodNotAllowed",
        "GET, /static/common.js, Asset",
        "GET, /static/dashboard.css, Asset",
        "POST, /static/common.js, MethodNotAllowed",
        "GET, /static/../index.html, NotFound",
        "GET, /static/sub/x.js, NotFound",
        "GET, /static/index.html, NotFound",
        "GET, /static/, NotFound",
        "GET, /nothing, NotFound",
        "GET, /api, NotFound",
    })
    void routes(String method, String path, String kind) {
        assertThat(Route.of(method, path).getClass().getSimpleName()).isEqualTo(kind);
    }

    @org.junit.jupiter.api.Test
    void assetsCarryTheirFileAndType() {
        assertThat(Route.of("GET", "/")).isEqualTo(new Route.Asset("index.html", "text/html; charset=utf-8"));
        assertThat(Route.of("GET", "/static/app.js")).isEqualTo(new Route.Asset("app.js", "text/javascript; charset=utf-8"));
        assertThat(Route.of("POST", "/api/diff")).isEqualTo(new Route.Diff());
    }
}
