package jpm.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jpm.json.Json;
import jpm.rpc.Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionRequestTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"verb\": \"restart\", \"app\": \"default/web\"} | Restart[target=default/web]",
        "{\"verb\": \"stop\", \"app\": \"shop/api\"}       | Stop[target=shop/api]",
        "{\"verb\": \"start\", \"app\": \"shop/api\"}      | StartKnown[target=shop/api]",
        "{\"verb\": \"reload\", \"app\": \"shop/api\"}     | Reload[target=shop/api]",
    })
    void verbsBecomeTheirRequests(String body, String request) {
        Request r = ActionRequest.of(Json.parse(body)).request();
        assertThat(r.toString()).isEqualTo(request);
    }

    @org.junit.jupiter.api.Test
    void scaleCarriesItsCount() {
        ActionRequest a = ActionRequest.of(Json.parse("{\"verb\": \"scale\", \"app\": \"shop/api\", \"instances\": 3}"));
        assertThat(a.instances()).isEqualTo(3);
        assertThat(a.namespace()).isEqualTo("shop");
        assertThat(a.name()).isEqualTo("api");
        assertThat(a.request()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[1]                                                       | the body must be a JSON object",
        "{\"verb\": \"delete\", \"app\": \"default/web\"}          | verb must be one of reload, restart, scale, start, stop",
        "{\"app\": \"default/web\"}                                | verb must be one of",
        "{\"verb\": \"stop\", \"app\": \"web\"}                    | app must be namespace/name",
        "{\"verb\": \"stop\", \"app\": \"a/b/c\"}                  | app must be namespace/name",
        "{\"verb\": \"stop\", \"app\": \"all\"}                    | app must be namespace/name",
        "{\"verb\": \"scale\", \"app\": \"d/w\"}                   | instances must be a whole number from 0 to 64",
        "{\"verb\": \"scale\", \"app\": \"d/w\", \"instances\": -1} | instances must be",
        "{\"verb\": \"scale\", \"app\": \"d/w\", \"instances\": 65} | instances must be",
        "{\"verb\": \"scale\", \"app\": \"d/w\", \"instances\": 1.5} | instances must be",
    })
    void refusals(String body, String message) {
        assertThatThrownBy(() -> ActionRequest.of(Json.parse(body))).isInstanceOf(ActionRequest.Invalid.class).hasMessageStartingWith(message);
    }
}
