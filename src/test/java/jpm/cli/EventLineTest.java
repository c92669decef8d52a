package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jpm.json.Json;
import org.junit.jupiter.api.Test;

class EventLineTest {
    static Map<?, ?> event(String json) {
        return (Map<?, ?>) Json.parse(json);
    }

    @Test
    void anInstanceEventShowsWhoWhatItsValuesAndWhy() {
        Map<?, ?> e = event("{\"type\":\"exited\",\"subject\":{\"namespace\":\"shop\",\"name\":\"web\",\"id\":3,\"instance\":0,"
                + "\"pid\":4242},\"at\":\"2026-12-04T06:30:00.125Z\",\"cause\":\"exit code 1\",\"code\":1,\"signal\":null,\"during_stop\":false}");
        assertThat(EventLine.format(e, false))
                .isEqualTo("2026-12-04T06:30:00.125Z  shop/web#0 id 3 pid 4242  exited  code=1 during_stop=false  (exit code 1)");
        assertThat(EventLine.format(e, true)).contains("\u001b[33mexited\u001b[0m");
    }

    @Test
    void anAppEventAndKeysOfANewerDaemonReadToo() {
        Map<?, ?> e = event("{\"type\":\"something_new\",\"subject\":{\"namespace\":\"default\",\"name\":\"api\",\"id\":null,"
                + "\"instance\":null,\"pid\":null},\"at\":\"t\",\"cause\":\"\",\"path\":\"/srv/a b\",\"data\":{\"k\":[1]}}");
        assertThat(EventLine.format(e, false)).isEqualTo("t  default/api  something_new  path=\"/srv/a b\" data={\"k\":[1]}");
    }

    @Test
    void controlCharactersFromAnAppAreEscapedNotSentToTheTerminal() {
        Map<?, ?> e = event("{\"type\":\"watch_triggered\",\"subject\":{\"namespace\":\"d\",\"name\":\"a\"},\"at\":\"t\","
                + "\"cause\":\"changed \\u001b[2J\",\"path\":\"x\\u001by\"}");
        String line = EventLine.format(e, false);
        assertThat(line).doesNotContain("\u001b").contains("\\u001b");
    }
}
