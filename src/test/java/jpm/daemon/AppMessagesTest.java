package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.daemon.AppMessages.Dropped;
import jpm.daemon.AppMessages.Internal;
import jpm.daemon.AppMessages.Message;
import jpm.daemon.AppMessages.Parsed;
import jpm.daemon.AppMessages.Ready;
import jpm.daemon.AppMessages.Status;
import org.junit.jupiter.api.Test;

class AppMessagesTest {
    record Row(String line, Parsed expected) {}

    @Test
    void aLineOfTheIpcChannel() {
        for (Row r : List.of(
                new Row("\"ready\"", new Ready()),
                new Row("{\"type\":\"deploy\",\"data\":{\"version\":2}}", new Message("deploy", Map.of("version", 2L))),
                new Row("{\"type\":\"ping\"}", new Message("ping", null)),
                new Row("{\"hello\":1}", new Message(null, Map.of("hello", 1L))),
                new Row("42", new Message(null, 42L)),
                new Row("\"hi\"", new Message(null, "hi")),
                new Row("{\"jpm\":\"listening\"}", new AppMessages.Listening()),
                new Row("{\"jpm\":\"listen\",\"id\":1,\"port\":8080}", new Internal()),
                new Row("{\"cmd\":\"NODE_HANDLE_ACK\"}", new Internal()),
                new Row("", new Internal()))) {
            assertThat(AppMessages.ipcLine(r.line())).as(r.line()).isEqualTo(r.expected());
        }
        assertThat(AppMessages.ipcLine("{\"type\":")).isInstanceOfSatisfying(Dropped.class,
                d -> assertThat(d.reason()).startsWith("not JSON"));
        assertThat(AppMessages.ipcLine("\"" + "x".repeat(AppMessages.MAX_BYTES) + "\"")).isInstanceOf(Dropped.class);
    }

    @Test
    void aDatagramOnTheNotifySocket() {
        assertThat(AppMessages.datagram("READY=1\nSTATUS=warming up 3/10", false))
                .containsExactly(new Ready(), new Status("warming up 3/10"));
        assertThat(AppMessages.datagram("JPM_MSG={\"type\":\"job\",\"data\":[1,2]}", false))
                .containsExactly(new Message("job", List.of(1L, 2L)));
        assertThat(AppMessages.datagram("WATCHDOG=1\nMAINPID=7", false)).isEmpty();
        assertThat(AppMessages.datagram("JPM_MSG={nope", false)).singleElement().isInstanceOf(Dropped.class);
        assertThat(AppMessages.datagram("JPM_MSG={\"type\":\"cut", true)).singleElement()
                .isInstanceOfSatisfying(Dropped.class, d -> assertThat(d.reason()).contains("longer than"));
    }
}
