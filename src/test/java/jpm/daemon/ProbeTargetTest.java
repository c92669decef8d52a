package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import jpm.ecosystem.Supervision.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A probe for one instance: its target, its label, and how failures read. */
class ProbeTargetTest {
    static final Map<String, String> ENV = Map.of("PORT", "3001", "JPM_INSTANCE", "2");

    static HealthCheck check(String http, String tcp, List<String> exec) {
        return new HealthCheck(http, tcp, exec, 1000, 500, 3, 0, "restart");
    }

    @Test
    void eachKindFilledAndLabelled() {
        ProbeTarget h = ProbeTarget.of(check("http://127.0.0.1:${PORT}/health", null, null), ENV);
        assertThat(h).isEqualTo(new ProbeTarget.Http(URI.create("http://127.0.0.1:3001/health")));
        assertThat(h.label()).isEqualTo("GET http://127.0.0.1:3001/health");
        ProbeTarget t = ProbeTarget.of(check(null, "localhost:${PORT}", null), ENV);
        assertThat(t).isEqualTo(new ProbeTarget.Tcp("localhost", 3001));
        assertThat(t.label()).isEqualTo("tcp localhost:3001");
        assertThat(ProbeTarget.tcp("[::1]:80")).isEqualTo(new ProbeTarget.Tcp("::1", 80));
        assertThat(ProbeTarget.tcp("[::1]:80").label()).isEqualTo("tcp [::1]:80");
        ProbeTarget x = ProbeTarget.of(check(null, null, List.of("test", "-f", "/tmp/up-${JPM_INSTANCE}")), ENV);
        assertThat(x).isEqualTo(new ProbeTarget.Exec(List.of("test", "-f", "/tmp/up-2")));
        assertThat(x.label()).isEqualTo("exec test -f /tmp/up-2");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(check("http://127.0.0.1:${NOPE}/", null, null), "${NOPE} is not set in the instance's environment"),
                Arguments.of(check("ftp://127.0.0.1/", null, null), "'ftp://127.0.0.1/' is not an http:// or https:// URL with a host"),
                Arguments.of(check("http://a b/", null, null), "'http://a b/' is not a URL: Illegal character in authority"),
                Arguments.of(check(null, "127.0.0.1", null), "'127.0.0.1' is not host:port (a port from 1 to 65535)"),
                Arguments.of(check(null, "127.0.0.1:0", null), "'127.0.0.1:0' is not host:port (a port from 1 to 65535)"),
                Arguments.of(check(null, ":80", null), "':80' is not host:port (a port from 1 to 65535)"),
                Arguments.of(check(null, "h:http", null), "'h:http' is not host:port (a port from 1 to 65535)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void aTargetThatCannotBeProbedSaysWhy(HealthCheck c, String message) {
        assertThatThrownBy(() -> ProbeTarget.of(c, ENV)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException(), "connection refused"),
                Arguments.of(new CompletionException(new ConnectException("Connection refused")), "connection refused"),
                Arguments.of(new ConnectException("Network is unreachable"), "Network is unreachable"),
                Arguments.of(new HttpTimeoutException("request timed out"), "timed out after 500 ms"),
                Arguments.of(new HttpConnectTimeoutException("HTTP connect timed out"), "timed out after 500 ms"),
                Arguments.of(new java.nio.channels.UnresolvedAddressException(), "unknown host"),
                Arguments.of(new java.nio.channels.AsynchronousCloseException(), "connection closed"),
                Arguments.of(new java.io.IOException("HTTP/1.1 header parser received no bytes"), "HTTP/1.1 header parser received no bytes"),
                Arguments.of(new java.io.IOException(), "IOException"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void aFailureInAFewWords(Throwable t, String expected) {
        assertThat(ProbeTarget.failure(t, 500)).isEqualTo(expected);
    }

    @Test
    void onlyAnAddressAsWrittenNeedsNoLookup() {
        assertThat(List.of("127.0.0.1", "10.0.0.7", "[::1]", "::1", "fe80::1", "localhost", "db.internal", "1.2.3", "1.2.3.4.5", "", "12a.0.0.1"))
                .map(ProbeTarget::literalAddress)
                .containsExactly(true, true, true, true, true, false, false, false, false, false, false);
    }

    @Test
    void twoXxAndThreeXxPass() {
        assertThat(List.of(199, 200, 204, 301, 399, 400, 500)).map(ProbeTarget::passes)
                .containsExactly(false, true, true, true, true, false, false);
    }

    static Stream<Arguments> requests() {
        String tail = "\r\nUser-Agent: jpm-health\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
        return Stream.of(
                Arguments.of("http://127.0.0.1:3001/health?app=1#top", "127.0.0.1", 3001, "GET /health?app=1 HTTP/1.1\r\nHost: 127.0.0.1:3001" + tail),
                Arguments.of("http://localhost", "localhost", 80, "GET / HTTP/1.1\r\nHost: localhost" + tail),
                Arguments.of("http://[::1]:8080/a%20b", "::1", 8080, "GET /a%20b HTTP/1.1\r\nHost: [::1]:8080" + tail),
                Arguments.of("http://h/caf\u00e9", "h", 80, "GET /caf%C3%A9 HTTP/1.1\r\nHost: h" + tail));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void theRequestJpmSends(String url, String host, int port, String request) {
        ProbeTarget.Http h = ProbeTarget.http(url);
        assertThat(h.host()).isEqualTo(host);
        assertThat(h.port()).isEqualTo(port);
        assertThat(h.secure()).isFalse();
        assertThat(h.request()).isEqualTo(request);
        assertThat(ProbeTarget.http("HTTPS://h/").secure()).isTrue();
    }
}
