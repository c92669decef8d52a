package jpm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests the listener serves: every row is a request and the gate's answer. */
class ScrapeGateTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final ScrapeGate GATE = new ScrapeGate(TOKEN, Set.of("localhost", "127.0.0.1", "box.example.org"));

    @ParameterizedTest(name = "{0} {1} Host: {2}, Authorization: {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET  | /metrics  | 127.0.0.1:9615       | Bearer " + TOKEN + "  | SERVE",
            "GET  | /metrics  | localhost:9615       | Bearer " + TOKEN + "  | SERVE",
            "GET  | /metrics  | LOCALHOST:9615       | bearer " + TOKEN + "  | SERVE",
            "GET  | /metrics  | localhost.:9615      | BEARER  " + TOKEN + " | SERVE",
            "GET  | /metrics  | localhost            | Bearer " + TOKEN + "  | SERVE",
            "GET  | /metrics  | [::1]:9615           | Bearer " + TOKEN + "  | SERVE",
            // an IP literal cannot be a rebinding: any is accepted
            "GET  | /metrics  | 192.168.1.20:9615    | Bearer " + TOKEN + "  | SERVE",
            "GET  | /metrics  | box.example.org:9615 | Bearer " + TOKEN + "  | SERVE",
            // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1
            "GET  | /metrics  | evil.example:9615    | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | evil.example:9615    | -                     | WRONG_HOST",
            "GET  | /metrics  | -                    | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | ''                   | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | 127.0.0.1:x          | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | [::1                 | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | [evil]:9615          | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | 1.2.3.4.evil:9615    | Bearer " + TOKEN + "  | WRONG_HOST",
            "GET  | /metrics  | 300.0.0.1:9615       | Bearer " + TOKEN + "  | WRONG_HOST",
            // the token: missing, wrong, another scheme, a prefix of it
            "GET  | /metrics  | 127.0.0.1:9615       | -                     | NO_TOKEN",
            "GET  | /metrics  | 127.0.0.1:9615       | Bearer                | NO_TOKEN",
            "GET  | /metrics  | 127.0.0.1:9615       | Bearer nope           | NO_TOKEN",
            "GET  | /metrics  | 127.0.0.1:9615       | Basic " + TOKEN + "   | NO_TOKEN",
            "GET  | /metrics  | 127.0.0.1:9615       | Bearer 0123456789abcdef | NO_TOKEN",
            "GET  | /metrics  | 127.0.0.1:9615       | Bearer " + TOKEN + "0 | NO_TOKEN",
            // only GET /metrics, and only once the token is right (nothing is learnt without it)
            "GET  | /         | 127.0.0.1:9615       | -                     | NO_TOKEN",
            "GET  | /         | 127.0.0.1:9615       | Bearer " + TOKEN + "  | NOT_FOUND",
            "GET  | /metrics/ | 127.0.0.1:9615       | Bearer " + TOKEN + "  | NOT_FOUND",
            "GET  | /metricsx | 127.0.0.1:9615       | Bearer " + TOKEN + "  | NOT_FOUND",
            "GET  | /-/healthy | 127.0.0.1:9615      | Bearer " + TOKEN + "  | NOT_FOUND",
            "POST | /metrics  | 127.0.0.1:9615       | Bearer " + TOKEN + "  | NOT_GET",
            "HEAD | /metrics  | 127.0.0.1:9615       | Bearer " + TOKEN + "  | NOT_GET",
            "get  | /metrics  | 127.0.0.1:9615       | Bearer " + TOKEN + "  | NOT_GET",
    })
    void decides(String method, String path, String host, String authorization, ScrapeGate.Verdict expected) {
        assertThat(GATE.decide(method, path, host, authorization)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"SERVE, 200", "WRONG_HOST, 403", "NO_TOKEN, 401", "NOT_FOUND, 404", "NOT_GET, 405"})
    void eachVerdictIsAnHttpStatus(ScrapeGate.Verdict v, int status) {
        assertThat(v.status).isEqualTo(status);
    }
}
