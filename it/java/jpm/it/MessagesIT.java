package jpm.it;

import static jpm.it.EventSubscriber.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jpm.home.JpmHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages from apps onto the bus: Node's process.send and a datagram on NOTIFY_SOCKET from any language. */
class MessagesIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    private static final Duration WAIT = Duration.ofSeconds(30);

    Path socket() {
        return JpmHome.resolve(jpm.home().toString(), Map.of()).socket();
    }

    static List<Map<String, Object>> messages(EventSubscriber s, String app) {
        return s.events().stream().filter(e -> e.get("type").equals("message") && app.equals(subject(e).get("name"))).toList();
    }

    @Test
    void aNodeAppsProcessSendArrivesWithItsIdentityAndAnOversizedOneIsCounted() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "sender", "message")) {
            jpm.jpm("start", "--name", "sender", JpmHomeFixture.fixture("sender.js").toString()).ok();
            await().atMost(WAIT).until(() -> messages(s, "sender").size() >= 2);
            List<Map<String, Object>> got = messages(s, "sender");
            assertThat(got).extracting(m -> m.get("topic")).containsExactly("deploy", "after-big");
            Map<String, Object> deploy = got.getFirst();
            long pid = (Long) jpm.jlist().getFirst().get("pid");
            assertThat(subject(deploy)).containsEntry("pid", pid).containsEntry("instance", 0L).containsEntry("namespace", "default");
            assertThat(deploy).containsEntry("cause", "process.send").containsEntry("data", Map.of("version", 2L, "from", pid));
        }
        String described = jpm.jpm("describe", "sender").ok().out();
        assertThat(described).containsPattern("messages dropped +1 \\(last: a message longer than 65536 bytes");
    }

    @Test
    void aDatagramFromAnyLanguageArrivesAndStatusShowsInDescribe() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "notifier", "message")) {
            jpm.jpm("start", "--name", "notifier", JpmHomeFixture.fixture("notifier.py").toString()).ok();
            await().atMost(WAIT).until(() -> messages(s, "notifier").stream().anyMatch(m -> "last".equals(m.get("topic"))));
            List<Map<String, Object>> got = messages(s, "notifier");
            assertThat(got).extracting(m -> m.get("topic")).containsExactly("status", "job-done", "last");
            assertThat(got.getFirst()).containsEntry("data", "warming up").containsEntry("cause", "notify socket");
            long pid = (Long) jpm.jlist().getFirst().get("pid");
            assertThat(got.get(1)).containsEntry("data", Map.of("id", 7L, "pid", pid));
            assertThat(subject(got.get(1))).containsEntry("pid", pid);
        }
        String described = jpm.jpm("describe", "notifier").ok().out();
        assertThat(described).containsPattern("status text +warming up");
        assertThat(described).containsPattern("messages dropped +2 \\(last: a datagram longer than 65536 bytes");
        assertThat(jpm.jpm("ping").exit()).isZero();
    }
}
