package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a probe reads an HTTP answer: every response of the table is fed whole, split in two at
 * every byte, and byte by byte, and must read the same each time.
 */
class HttpProbeResponseTest {
    /** Feeds {@code pieces}, then the close if {@code closed}; says what was read. */
    static String read(boolean closed, byte[]... pieces) {
        HttpProbeResponse r = new HttpProbeResponse();
        for (byte[] p : pieces) r.feed(p, 0, p.length);
        if (closed) r.closed();
        if (r.failure() != null) return r.failure();
        if (!r.done()) return "more";
        return r.status() + (r.reusable() ? " keep" : " close");
    }

    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nok\r\n10\r\n0123456789abcdef\r\n0\r\nX-T: 1\r\n\r\n";

    static Stream<Arguments> responses() {
        return Stream.of(
                // status lines
                Arguments.of(OK, false, "200 keep"),
                Arguments.of("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!", false, "500 keep"),
                Arguments.of("HTTP/1.1 301\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n", false, "301 keep"),
                Arguments.of("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", false, "200 keep"),
                Arguments.of("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false, "200 keep"),
                Arguments.of("HTTP/2 200\r\n\r\n", false, "bad response: not an HTTP/1.x status line: 'HTTP/2 200'"),
                Arguments.of("SSH-2.0-OpenSSH_9.6\r\n", false, "bad response: not an HTTP/1.x status line: 'SSH-2.0-OpenSSH_9.6'"),
                Arguments.of("HTTP/1.1 20 OK\r\n\r\n", false, "bad response: not an HTTP/1.x status line: 'HTTP/1.1 20 OK'"),
                Arguments.of("HTTP/1.1 2000\r\n\r\n", false, "bad response: not an HTTP/1.x status line: 'HTTP/1.1 2000'"),
                Arguments.of("\r\nHTTP/1.1 200 OK\r\n\r\n", false, "bad response: not an HTTP/1.x status line: ''"),
                Arguments.of("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", false, "bad response: a header line without a name: 'no colon'"),
                // framing: content-length
                Arguments.of("HTTP/1.1 200 OK\r\ncontent-length:2\r\nContent-Length: 2\r\n\r\nok", false, "200 keep"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok", false, "200 keep"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok", false, "bad response: a bad Content-Length: '2, 3'"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, "bad response: a bad Content-Length: '-1'"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", false,
                        "bad response: a bad Content-Length: '99999999999999999999'"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", false, "more"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", true, "bad response: connection closed before the response ended"),
                Arguments.of(OK + "HTTP/1.1", false, "200 close"), // bytes after the end: the connection is not trusted again
                // chunked
                Arguments.of(CHUNKED, false, "200 keep"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", false, "200 keep"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n0\r\n\r\n", false, "200 close"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n", false, "more"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, "bad response: a bad chunk size: 'zz'"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n", false,
                        "bad response: no line end after a chunk"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "0".repeat(2000) + "\r\n", false,
                        "bad response: a chunk size line longer than 1024 bytes"),
                // no framing: the body ends with the connection
                Arguments.of("HTTP/1.1 200 OK\r\n\r\nwhatever", false, "more"),
                Arguments.of("HTTP/1.1 200 OK\r\n\r\nwhatever", true, "200 close"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx", true, "200 close"),
                Arguments.of("HTTP/1.0 200 OK\r\n\r\nok", true, "200 close"),
                // bodies that never are
                Arguments.of("HTTP/1.1 204 No Content\r\n\r\n", false, "204 keep"),
                Arguments.of("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, "304 keep"),
                Arguments.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", false, "101 close"),
                // interim answers are skipped
                Arguments.of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK, false, "200 keep"),
                // keep-alive or not
                Arguments.of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false, "200 close"),
                Arguments.of("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 2\r\n\r\nok", false, "200 close"),
                Arguments.of("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false, "200 close"),
                Arguments.of("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", false, "200 keep"),
                // closed early
                Arguments.of("", true, "bad response: connection closed before a response"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-", true, "bad response: connection closed before the response ended"),
                // a bounded head
                Arguments.of("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(HttpProbeResponse.MAX_HEAD) + "\r\n\r\n", false,
                        "bad response: the status line and headers are longer than 16384 bytes"),
                Arguments.of("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(HttpProbeResponse.MAX_HEAD / 6) + "\r\n", false,
                        "bad response: the status line and headers are longer than 16384 bytes"),
                Arguments.of("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(HttpProbeResponse.MAX_HEAD - 60) + "\r\nContent-Length: 0\r\n\r\n",
                        false, "200 keep"));
    }

    @ParameterizedTest(name = "{2}: {0}")
    @MethodSource("responses")
    void readsTheSameInAnyPieces(String response, boolean closed, String expected) {
        byte[] all = response.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(closed, all)).isEqualTo(expected);
        int step = all.length > 2000 ? 997 : 1; // the long ones: a sample of the splits
        for (int at = 0; at <= all.length; at += step) {
            byte[] a = java.util.Arrays.copyOfRange(all, 0, at);
            byte[] b = java.util.Arrays.copyOfRange(all, at, all.length);
            assertThat(read(closed, a, b)).as("split at %d", at).isEqualTo(expected);
        }
        if (all.length <= 2000) {
            byte[][] bytes = new byte[all.length][];
            for (int i = 0; i < all.length; i++) bytes[i] = new byte[] {all[i]};
            assertThat(read(closed, bytes)).as("byte by byte").isEqualTo(expected);
        }
    }

    @Test
    void aBodyIsSkippedNotKept() {
        HttpProbeResponse r = new HttpProbeResponse();
        byte[] head = "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        r.feed(head, 0, head.length);
        byte[] chunk = new byte[1 << 16];
        for (int i = 0; i < 100000000 / chunk.length; i++) r.feed(chunk, 0, chunk.length);
        assertThat(r.done()).isFalse();
        r.feed(chunk, 0, 100000000 % chunk.length);
        assertThat(r.done()).isTrue();
        assertThat(r.reusable()).isTrue();
    }

    @Test
    void printableQuotesAreShortAndSafe() {
        assertThat(HttpProbeResponse.printable("a\u0001b")).isEqualTo("a?b");
        assertThat(HttpProbeResponse.printable("x".repeat(70))).isEqualTo("x".repeat(60) + "...");
    }
}
