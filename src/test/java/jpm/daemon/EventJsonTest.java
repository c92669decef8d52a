package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import jpm.json.Json;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    static final Instant AT = Instant.parse("2026-12-04T06:30:00.125Z");
    static final Subject WEB = new Subject("shop", "web", 3L, 0, 4242L);

    @Test
    void anEventIsItsTypeThenItsComponentsInSnakeCase() {
        DaemonEvent e = new DaemonEvent.Exited(WEB, AT, "exit code 1", 1, null, false);
        assertThat(EventJson.line(e)).isEqualTo("{\"type\":\"exited\",\"subject\":{\"namespace\":\"shop\",\"name\":\"web\","
                + "\"id\":3,\"instance\":0,\"pid\":4242},\"at\":\"2026-12-04T06:30:00.125Z\",\"cause\":\"exit code 1\","
                + "\"code\":1,\"signal\":null,\"during_stop\":false}");
    }

    @Test
    void theTypeKeyIsTheDocumentedNameForEveryKind() {
        DaemonEvent e = new DaemonEvent.RestartScheduled(WEB, AT, "exit code 1", 200, 2);
        Map<String, Object> tree = EventJson.tree(e);
        assertThat(tree.get("type")).isEqualTo(e.type()).isEqualTo("restart_scheduled");
        assertThat(Json.parse(EventJson.line(e))).isEqualTo(Json.parse(Json.write(tree)))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("delay_ms", 200L).containsEntry("unstable_restarts", 2L);
    }
}
