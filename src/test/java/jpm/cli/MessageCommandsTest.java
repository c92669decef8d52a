package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import jpm.json.Json;
import org.junit.jupiter.api.Test;

/** What `jpm send` and `jpm trigger` put on the wire. */
class MessageCommandsTest {
    @Test
    void sendTakesAnyJsonValue() {
        assertThat(MessageCommands.parse("{\"type\":\"reload\",\"data\":[1,\"x\"]}"))
                .isEqualTo(Map.of("type", "reload", "data", List.of(1L, "x")));
        assertThat(MessageCommands.parse("\"hello\"")).isEqualTo("hello");
        assertThat(MessageCommands.parse(" 42 ")).isEqualTo(42L);
        assertThat(MessageCommands.parse("true")).isEqualTo(true);
    }

    @Test
    void aMessageThatIsNotJsonIsAUsageErrorThatSaysWhere() {
        Map<String, String> table = Map.of(
                "{\"a\":}", "the message is not JSON: unexpected character '}' at offset 5",
                "hello", "the message is not JSON: unexpected character 'h' at offset 0 (a string needs its quotes: '\"hello\"')",
                "{\"a\":1,\"a\":2}", "the message is not JSON: duplicate key",
                "", "the message is not JSON: ",
                "null", "the message cannot be null");
        table.forEach((json, message) -> assertThatThrownBy(() -> MessageCommands.parse(json)).as(json)
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode).isEqualTo(ExitCodes.USAGE))
                .hasMessageStartingWith(message));
    }

    @Test
    void triggerSendsJpmsActionWithPm2sNamesOfIt() {
        assertThat(Json.write(MessageCommands.action("clear-cache", "users")))
                .isEqualTo("{\"type\":\"action\",\"name\":\"clear-cache\",\"param\":\"users\",\"msg\":\"clear-cache\",\"opts\":\"users\"}");
        // no param: none in jpm's names; PM2's action libraries get {} as their opts, as under pm2 trigger
        assertThat(Json.write(MessageCommands.action("ping", null)))
                .isEqualTo("{\"type\":\"action\",\"name\":\"ping\",\"msg\":\"ping\",\"opts\":{}}");
    }
}
