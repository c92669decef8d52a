package jpm.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GateTest {
    static final String T = "ab".repeat(32);
    static final String COOKIE = "jpm_dashboard_8080=" + T;
    static final String HOST = "127.0.0.1:8080";
    static final String SELF = "http://127.0.0.1:8080";
    final Gate loopback = new Gate(T, 8080, true);
    final Gate remote = new Gate(T, 8080, false);

    static Gate.Request get(String path, String queryToken, String cookie, String host) {
        return new Gate.Request("GET", path, queryToken, cookie, null, host, null, null);
    }

    static Gate.Request post(String headerToken, String cookie, String origin, String site, String host) {
        return new Gate.Request("POST", "/api/action", null, cookie, headerToken, host, origin, site);
    }

    static Stream<Arguments> loopbackRows() {
        return Stream.of(
                // reading pages and streams
                Arguments.of("no token at all", get("/", null, null, HOST), Gate.Unauthorized.class),
                Arguments.of("the token in the URL moves to the cookie", get("/app", T, null, HOST), Gate.MoveTokenToCookie.class),
                Arguments.of("a wrong token in the URL", get("/", "x" + T.substring(1), null, HOST), Gate.Unauthorized.class),
                Arguments.of("a token one character short", get("/", T.substring(1), null, HOST), Gate.Unauthorized.class),
                Arguments.of("the cookie", get("/", null, COOKIE, HOST), Gate.Allow.class),
                Arguments.of("the cookie among others", get("/", null, "a=b; " + COOKIE + "; c=d", HOST), Gate.Allow.class),
                Arguments.of("a cookie of another port's dashboard", get("/", null, "jpm_dashboard_9090=" + T, HOST), Gate.Unauthorized.class),
                Arguments.of("a wrong cookie", get("/", null, "jpm_dashboard_8080=nope", HOST), Gate.Unauthorized.class),
                Arguments.of("the header token on a GET", new Gate.Request("GET", "/api/stream", null, null, T, HOST, null, null), Gate.Allow.class),
                Arguments.of("localhost", get("/", null, COOKIE, "localhost:8080"), Gate.Allow.class),
                Arguments.of("IPv6 loopback", get("/", null, COOKIE, "[::1]:8080"), Gate.Allow.class),
                Arguments.of("a rebinding name as Host", get("/", null, COOKIE, "evil.example:8080"), Gate.Forbidden.class),
                Arguments.of("no Host", get("/", null, COOKIE, null), Gate.Forbidden.class),
                Arguments.of("PUT", new Gate.Request("PUT", "/", null, COOKIE, T, HOST, null, null), Gate.Forbidden.class),
                // actions
                Arguments.of("a POST from the page", post(T, COOKIE, SELF, "same-origin", HOST), Gate.Allow.class),
                Arguments.of("a POST without Origin nor fetch metadata (curl)", post(T, null, null, null, HOST), Gate.Allow.class),
                Arguments.of("a POST with the cookie but no header (a form elsewhere)", post(null, COOKIE, null, null, HOST), Gate.Forbidden.class),
                Arguments.of("a POST with nothing", post(null, null, null, null, HOST), Gate.Unauthorized.class),
                Arguments.of("a POST with a wrong header", post("nope", null, SELF, null, HOST), Gate.Unauthorized.class),
                Arguments.of("a POST from another origin", post(T, COOKIE, "http://evil.example", null, HOST), Gate.Forbidden.class),
                Arguments.of("a POST from another port", post(T, COOKIE, "http://127.0.0.1:9090", null, HOST), Gate.Forbidden.class),
                Arguments.of("a POST marked cross-site", post(T, COOKIE, null, "cross-site", HOST), Gate.Forbidden.class),
                Arguments.of("a POST marked same-site (a sibling port)", post(T, COOKIE, null, "same-site", HOST), Gate.Forbidden.class),
                Arguments.of("a POST whose Origin is the token in the URL's opaque null", post(T, COOKIE, "null", null, HOST), Gate.Forbidden.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loopbackRows")
    void onLoopback(String why, Gate.Request r, Class<? extends Gate.Decision> expected) {
        assertThat(loopback.decide(r)).isInstanceOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("remoteRows")
    void onARemoteBind(String why, Gate.Request r, Class<? extends Gate.Decision> expected) {
        assertThat(remote.decide(r)).isInstanceOf(expected);
    }

    static Stream<Arguments> remoteRows() {
        return Stream.of(
                Arguments.of("any Host name, with the cookie", get("/", null, COOKIE, "box.lan:8080"), Gate.Allow.class),
                Arguments.of("any Host name, without a token", get("/", null, null, "box.lan:8080"), Gate.Unauthorized.class),
                Arguments.of("a POST from the page under that name", post(T, COOKIE, "http://box.lan:8080", "same-origin", "box.lan:8080"), Gate.Allow.class),
                Arguments.of("a POST from another origin", post(T, COOKIE, "http://evil.example", "cross-site", "box.lan:8080"), Gate.Forbidden.class));
    }

    @org.junit.jupiter.api.Test
    void theCookieIsPrivateToThePageAndTheRedirectDropsTheToken() {
        Gate.MoveTokenToCookie m = (Gate.MoveTokenToCookie) loopback.decide(get("/app", T, null, HOST));
        assertThat(m.setCookie()).isEqualTo("jpm_dashboard_8080=" + T + "; Path=/; HttpOnly; SameSite=Strict");
        assertThat(m.location()).isEqualTo("/app").doesNotContain(T);
    }

    @org.junit.jupiter.api.Test
    void hostParts() {
        assertThat(Gate.hostPart("127.0.0.1:80")).isEqualTo("127.0.0.1");
        assertThat(Gate.hostPart("LocalHost")).isEqualTo("localhost");
        assertThat(Gate.hostPart("[::1]:8080")).isEqualTo("[::1]");
    }
}
