package jpm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a port alone is this machine only
            "9615                | 127.0.0.1       | 9615  | 127.0.0.1:9615",
            "127.0.0.1:9615      | 127.0.0.1       | 9615  | 127.0.0.1:9615",
            "localhost:0         | localhost       | 0     | localhost:0",
            "[::1]:9615          | ::1             | 9615  | [::1]:9615",
            "0.0.0.0:9615        | 0.0.0.0         | 9615  | 0.0.0.0:9615",
            "[::]:9615           | ::              | 9615  | [::]:9615",
            "box.example.org:80  | box.example.org | 80    | box.example.org:80",
            "' 10.0.0.5:65535 '  | 10.0.0.5        | 65535 | 10.0.0.5:65535",
    })
    void readsWhatTheUserWrote(String text, String host, int port, String written) {
        ListenAddress a = ListenAddress.parse(text);
        assertThat(a).isEqualTo(new ListenAddress(host, port));
        assertThat(a.toString()).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Go's exporters read :PORT as every interface: jpm asks which one was meant
            ":9615                | for this machine only, or 0.0.0.0:9615 to be reachable from other machines",
            "''                   | empty address",
            "127.0.0.1            | has no port",
            "127.0.0.1:           | the port must be a number",
            "127.0.0.1:65536      | the port must be a number",
            "127.0.0.1:http       | the port must be a number",
            "127.0.0.1:-1         | the port must be a number",
            "::1:9615             | write an IPv6 address in brackets",
            "[::1]                | write an IPv6 address as [ADDRESS]:PORT",
            "[::1:9615            | write an IPv6 address as [ADDRESS]:PORT",
            "[127.0.0.1]:9615     | only an IPv6 address goes in brackets",
            "a b:9615             | is not a host name or an IP address",
            "http://x:9615        | not a URL",
    })
    void refusesWhatItCannotReadSayingWhy(String text, String message) {
        assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
