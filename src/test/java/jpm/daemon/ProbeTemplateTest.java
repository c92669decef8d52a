package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ${NAME} in a probe, filled from the environment the instance's process got. */
class ProbeTemplateTest {
    static final Map<String, String> ENV = Map.of("PORT", "3001", "JPM_INSTANCE", "1", "HOST", "10.0.0.7", "ODD", "a$1\\b");

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("http://127.0.0.1:${PORT}/health", "http://127.0.0.1:3001/health"),
                Arguments.of("${HOST}:${PORT}", "10.0.0.7:3001"),
                Arguments.of("/tmp/ready-${JPM_INSTANCE}", "/tmp/ready-1"),
                Arguments.of("no variable", "no variable"),
                Arguments.of("$PORT and ${ not closed", "$PORT and ${ not closed"),
                Arguments.of("${ODD}", "a$1\\b"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void fills(String template, String expected) throws Exception {
        assertThat(ProbeTemplate.fill(template, ENV)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void anUnsetVariableIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ProbeTemplate.fill("http://127.0.0.1:${API_PORT}/", ENV))
                .hasMessage("${API_PORT} is not set in the instance's environment");
    }

    @org.junit.jupiter.api.Test
    void eachArgumentOfACommand() throws Exception {
        assertThat(ProbeTemplate.fill(List.of("pg_isready", "-p", "${PORT}"), ENV)).containsExactly("pg_isready", "-p", "3001");
    }
}
