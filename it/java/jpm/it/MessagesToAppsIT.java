package jpm.it;

import static jpm.it.EventSubscriber.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages to apps with the real bin/jpm, daemon and children: `jpm send` and `jpm trigger` reach
 * a Node app on process.on('message') (sender.js echoes them back onto the bus) and an app with
 * `stdin: message` as lines of its stdin (stdin-reader.py writes them to a file); an app that
 * cannot receive is named and nothing is sent; the stdin pipe survives a daemon crash.
 */
class MessagesToAppsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(30);

    Path socket() {
        return JpmHome.resolve(jpm.home().toString(), Map.of()).socket();
    }

    static List<Object> echoes(EventSubscriber s, String app) {
        return MessagesIT.messages(s, app).stream().filter(m -> "echo".equals(m.get("topic"))).map(m -> m.get("data")).toList();
    }

    /** What the stdin reader of instance {@code i} got, one line each, as they came. */
    List<String> lines(int i) throws IOException {
        Path f = dir.resolve(i + ".txt");
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void sendAndTriggerReachANodeAppOnProcessOnMessageExactlyAsSent() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "sender", "message")) {
            jpm.jpm("start", "--name", "sender", "-i", "2", JpmHomeFixture.fixture("sender.js").toString()).ok();
            await().atMost(WAIT).until(() -> MessagesIT.messages(s, "sender").stream().filter(m -> "after-big".equals(m.get("topic"))).count() == 2);

            JpmHomeFixture.Result sent = jpm.jpm("send", "sender", "{\"type\":\"reload\",\"data\":{\"n\":[1,2.5,\"é\",null,true]}}").ok();
            assertThat(sent.out()).startsWith("sent to 2 instances");
            Map<String, Object> expected = Map.of("type", "reload", "data", Map.of("n", java.util.Arrays.asList(1L, 2.5, "é", null, true)));
            await().atMost(WAIT).until(() -> echoes(s, "sender").size() == 2);
            assertThat(echoes(s, "sender")).containsOnly(expected);
            assertThat(MessagesIT.messages(s, "sender").stream().filter(m -> "echo".equals(m.get("topic")))
                    .map(m -> subject(m).get("instance"))).containsExactlyInAnyOrder(0L, 1L);

            // a scalar is a message too, and --json prints the instances reached
            JpmHomeFixture.Result json = jpm.jpm("send", "--json", "sender", "\"hello\"").ok();
            assertThat((List<?>) Json.parse(json.out().strip())).hasSize(2);
            await().atMost(WAIT).until(() -> echoes(s, "sender").contains("hello"));

            assertThat(jpm.jpm("trigger", "sender", "clear-cache", "users").ok().out()).startsWith("triggered clear-cache on 2 instances");
            jpm.jpm("trigger", "sender", "ping").ok();
            await().atMost(WAIT).until(() -> echoes(s, "sender").size() == 8);
            assertThat(echoes(s, "sender")).contains(
                    Map.of("type", "action", "name", "clear-cache", "param", "users", "msg", "clear-cache", "opts", "users"),
                    Map.of("type", "action", "name", "ping", "msg", "ping", "opts", Map.of()));
        }
    }

    @Test
    void sendWritesOneLineToTheStdinOfEachInstanceOfAnAppWithStdinMessage() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: reader\n    script: " + JpmHomeFixture.fixture("stdin-reader.py")
                + "\n    args: [" + dir + "]\n    instances: 2\n    stdin: message\n");
        jpm.jpm("apply", eco.toString()).ok();
        assertThat(jpm.jpm("describe", "reader").ok().out()).containsPattern("stdin +message \\(jpm send writes each message as a line\\)");

        jpm.jpm("send", "reader", "{\"job\": 7, \"name\": \"é\\nx\"}").ok();
        jpm.jpm("trigger", "reader", "rotate").ok();
        await().atMost(WAIT).until(() -> lines(0).size() == 2 && lines(1).size() == 2);
        for (int i = 0; i < 2; i++) {
            assertThat(lines(i)).containsExactly("{\"job\":7,\"name\":\"é\\nx\"}",
                    "{\"type\":\"action\",\"name\":\"rotate\",\"msg\":\"rotate\",\"opts\":{}}");
        }
    }

    @Test
    void anAppThatCannotReceiveIsNamedAndNoInstanceGetsTheMessage() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "sender", "message")) {
            jpm.jpm("start", "--name", "sender", "--namespace", "shop", JpmHomeFixture.fixture("sender.js").toString()).ok();
            jpm.jpm("start", "--name", "plain", "--namespace", "shop", JpmHomeFixture.fixture("hello.sh").toString()).ok();
            await().atMost(WAIT).until(() -> MessagesIT.messages(s, "sender").stream().anyMatch(m -> "after-big".equals(m.get("topic"))));

            JpmHomeFixture.Result refused = jpm.jpm("send", "shop", "{\"first\":true}");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).startsWith("jpm: nothing was sent: shop/plain cannot receive messages: it is not a Node app")
                    .contains("add stdin: message to its definition");

            jpm.jpm("stop", "shop/sender").ok();
            JpmHomeFixture.Result stopped = jpm.jpm("send", "sender", "1");
            assertThat(stopped.exit()).isEqualTo(1);
            assertThat(stopped.err()).isEqualTo("jpm: nothing was sent: shop/sender#0 is not running (stopped)\n");

            jpm.jpm("start", "shop/sender").ok();
            jpm.jpm("send", "shop/sender", "{\"second\":true}").ok();
            await().atMost(WAIT).until(() -> !echoes(s, "sender").isEmpty());
            assertThat(echoes(s, "sender")).containsExactly(Map.of("second", true)); // the refused one never went
        }
        assertThat(jpm.jpm("send", "nothing-here", "1").exit()).isEqualTo(1);
    }

    @Test
    void aMessageThatIsNotJsonOrTooLongIsAUsageError() {
        jpm.jpm("start", "--name", "sender", JpmHomeFixture.fixture("sender.js").toString()).ok();
        JpmHomeFixture.Result bad = jpm.jpm("send", "sender", "{\"a\":}");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("jpm: the message is not JSON: unexpected character '}' at offset 5\n");
        JpmHomeFixture.Result bare = jpm.jpm("send", "sender", "hello");
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("(a string needs its quotes: '\"hello\"')");
        JpmHomeFixture.Result big = jpm.jpm("send", "sender", "\"" + "x".repeat(70_000) + "\"");
        assertThat(big.exit()).isEqualTo(2);
        assertThat(big.err()).isEqualTo("jpm: the message is 70002 bytes of JSON; at most 65536 are sent (as from apps)\n");
        assertThat(jpm.jpm("trigger", "sender").exit()).isEqualTo(2); // no action
    }

    @Test
    void anAppThatDoesNotReadItsStdinIsRefusedAndTheDaemonNeverWaits() throws Exception {
        jpm.jpm("start", "--name", "deaf", "--stdin", "message", "--interpreter", "none", "/usr/bin/sleep", "--", "100000").ok();
        String big = "\"" + "x".repeat(60_000) + "\"";
        JpmHomeFixture.Result r = null;
        int sent = 0;
        for (int i = 0; i < 10; i++) { // a pipe holds 64 KiB: the second one begins, the third finds it full
            r = jpm.jpm("send", "deaf", big);
            if (r.exit() != 0) break;
            sent++;
        }
        assertThat(sent).isBetween(1, 3);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jpm: nothing was sent: deaf#0's stdin is full: the app does not read it\n");
        assertThat(jpm.jpm("ping").exit()).isZero();
        // and stopping it is not held up by what waits for it
        jpm.jpm("delete", "deaf").ok();
    }

    @Test
    void aNodeAppWhoseEventLoopIsStuckIsRefusedAndTheDaemonNeverWaits() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "busy", "message")) {
            jpm.jpm("start", "--name", "busy", JpmHomeFixture.fixture("busy.js").toString()).ok();
            await().atMost(WAIT).until(() -> !MessagesIT.messages(s, "busy").isEmpty());
        }
        Thread.sleep(300);
        String big = "\"" + "x".repeat(60_000) + "\"";
        JpmHomeFixture.Result r = null;
        for (int i = 0; i < 40; i++) { // a socket buffer holds a few hundred KiB
            r = jpm.jpm("send", "busy", big);
            if (r.exit() != 0) break;
        }
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jpm: nothing was sent: busy#0's IPC channel is full: the app does not read it (a busy event loop?)\n");
        assertThat(jpm.jpm("ping").exit()).isZero();
        jpm.jpm("delete", "busy").ok(); // the stop is not held up either (SIGTERM ends a spinning Node)
    }

    @Test
    void theStdinPipeSurvivesADaemonCrashWhileANodeAppsChannelDoesNot() throws Exception {
        jpm.jpm("start", "--name", "reader", "--stdin", "message", JpmHomeFixture.fixture("stdin-reader.py").toString(), "--",
                dir.toString()).ok();
        jpm.jpm("start", "--name", "sender", JpmHomeFixture.fixture("sender.js").toString()).ok();
        jpm.jpm("send", "reader", "{\"before\":1}").ok();
        await().atMost(WAIT).until(() -> lines(0).size() == 1);
        long reader = (Long) jpm.jlist().getFirst().get("pid");

        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        ProcessHandle.of(daemon).ifPresent(h -> h.onExit().join());
        Thread.sleep(300);
        assertThat(lines(0)).as("the app did not see the end of its stdin").containsExactly("{\"before\":1}");

        jpm.jpm("send", "reader", "{\"after\":2}").ok(); // a new daemon, which reopened the pipe
        await().atMost(WAIT).until(() -> lines(0).size() == 2);
        assertThat(lines(0)).containsExactly("{\"before\":1}", "{\"after\":2}");
        assertThat(jpm.jlist().getFirst().get("pid")).isEqualTo(reader);

        JpmHomeFixture.Result node = jpm.jpm("send", "sender", "1");
        assertThat(node.exit()).isEqualTo(1);
        assertThat(node.err()).contains("sender#0 has no IPC channel: it was started by an earlier daemon")
                .contains("`jpm restart sender` gives it one");
        jpm.jpm("restart", "sender").ok();
        jpm.jpm("send", "sender", "1").ok();
    }
}
