package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jpm.daemon.MessagesToApps.Channel;
import jpm.daemon.MessagesToApps.Inbox;
import jpm.daemon.MessagesToApps.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessagesToAppsTest {
    /** Which channel an instance takes messages on: stdin when the app asks for it, else a Node app's IPC channel. */
    @ParameterizedTest(name = "stdin:message={0} stdin={1} node={2} ipc={3} -> {4}")
    @CsvSource({
        "true,  READY,  false, ABSENT, STDIN",
        "true,  READY,  true,  READY,  STDIN",        // a Node app that asked for stdin reads them there
        "true,  FULL,   true,  READY,  STDIN_FULL",
        "true,  CLOSED, false, ABSENT, STDIN_CLOSED",
        "true,  ABSENT, true,  READY,  STDIN_GONE",   // adopted, its stdin could not be reopened: not the IPC channel instead
        "false, ABSENT, true,  READY,  IPC",
        "false, ABSENT, true,  FULL,   IPC_FULL",
        "false, ABSENT, true,  CLOSED, IPC_CLOSED",
        "false, ABSENT, true,  ABSENT, IPC_GONE",     // a Node app adopted after a daemon restart
        "false, ABSENT, false, ABSENT, NONE",
    })
    void theChannelOfAnInstance(boolean stdinMessages, Channel stdin, boolean node, Channel ipc, Inbox expected) {
        assertThat(MessagesToApps.inbox(stdinMessages, stdin, node, ipc)).isEqualTo(expected);
    }

    static Receiver r(String app, int index, Status status, Inbox inbox) {
        boolean running = status == Status.ONLINE || status == Status.LAUNCHING;
        return new Receiver("default", app, index, running, status, inbox);
    }

    static Stream<Arguments> selections() {
        return Stream.of(
                Arguments.of("every one can take it", List.of(r("api", 0, Status.ONLINE, Inbox.IPC), r("api", 1, Status.LAUNCHING,
                        Inbox.IPC), r("worker", 0, Status.ONLINE, Inbox.STDIN)), null),
                Arguments.of("nothing selected", List.of(), null),
                Arguments.of("one stopped instance refuses the whole send", List.of(r("api", 0, Status.ONLINE, Inbox.IPC),
                        r("api", 1, Status.STOPPED, Inbox.IPC_GONE)), "nothing was sent: api#1 is not running (stopped)"),
                Arguments.of("waiting to restart is not running", List.of(r("api", 0, Status.WAITING_RESTART, Inbox.IPC_GONE)),
                        "nothing was sent: api#0 is not running (waiting-restart)"),
                Arguments.of("an app without a channel is named once, running or not", List.of(r("py", 0, Status.ONLINE, Inbox.NONE),
                        r("py", 1, Status.ERRORED, Inbox.NONE)), "nothing was sent: py cannot receive messages: it is not a Node"
                        + " app (process.on('message')) and has no stdin: message; add stdin: message to its definition (or start"
                        + " it with --stdin message) to read each message as a line of its stdin"),
                Arguments.of("an adopted Node app: restart it", List.of(r("api", 0, Status.ONLINE, Inbox.IPC_GONE)),
                        "nothing was sent: api#0 has no IPC channel: it was started by an earlier daemon, and a channel does not"
                        + " survive a daemon restart; `jpm restart api` gives it one"),
                Arguments.of("a Node app that disconnected", List.of(r("api", 0, Status.ONLINE, Inbox.IPC_CLOSED)),
                        "nothing was sent: api#0 closed its IPC channel (process.disconnect()); `jpm restart api` opens a new one"),
                Arguments.of("full channels", List.of(r("api", 0, Status.ONLINE, Inbox.IPC_FULL), r("w", 0, Status.ONLINE, Inbox.STDIN_FULL)),
                        "nothing was sent: api#0's IPC channel is full: the app does not read it (a busy event loop?); w#0's stdin is"
                        + " full: the app does not read it"),
                Arguments.of("a stdin that is gone or closed", List.of(r("w", 0, Status.ONLINE, Inbox.STDIN_GONE),
                        r("w", 1, Status.ONLINE, Inbox.STDIN_CLOSED)), "nothing was sent: w#0's stdin is no longer jpm's pipe (it was"
                        + " started by an earlier daemon, and its stdin could not be reopened); `jpm restart w` gives it a new one;"
                        + " w#1 closed its stdin: nothing reads the messages; `jpm restart w` gives it a new one"),
                Arguments.of("another namespace is named", List.of(new Receiver("shop", "api", 2, false, Status.STOPPED, Inbox.IPC)),
                        "nothing was sent: shop/api#2 is not running (stopped)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void allOrNothing(String why, List<Receiver> receivers, String refusal) {
        assertThat(MessagesToApps.refusal(receivers)).isEqualTo(refusal);
    }

    @Test
    void theLineIsCompactJsonOfAnyValue() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "reload");
        m.put("data", Map.of("n", List.of(1L, 2.5, "line\nbreak")));
        assertThat(MessagesToApps.line(m)).isEqualTo("{\"type\":\"reload\",\"data\":{\"n\":[1,2.5,\"line\\nbreak\"]}}");
        assertThat(MessagesToApps.line("hello")).isEqualTo("\"hello\"");
        assertThat(MessagesToApps.line(42L)).isEqualTo("42");
        assertThat(MessagesToApps.line(Map.of("cmd", "reload"))).isEqualTo("{\"cmd\":\"reload\"}");
    }

    @Test
    void nullNodesOwnAndJpmsOwnMessagesAreRefused() {
        assertThatThrownBy(() -> MessagesToApps.line(null)).hasMessageContaining("cannot be null");
        assertThatThrownBy(() -> MessagesToApps.line(Map.of("cmd", "NODE_HANDLE"))).hasMessageContaining("Node's own");
        assertThatThrownBy(() -> MessagesToApps.line(Map.of("jpm", "drain"))).hasMessageContaining("reserved");
    }

    @Test
    void sixtyFourKibibytesOfJsonAtMost() throws Exception {
        String fits = "x".repeat(MessagesToApps.MAX_BYTES - 2); // with its quotes: exactly the bound
        assertThat(MessagesToApps.line(fits)).hasSize(MessagesToApps.MAX_BYTES);
        assertThatThrownBy(() -> MessagesToApps.line(fits + "x"))
                .hasMessage("the message is 65537 bytes of JSON; at most 65536 are sent (as from apps)");
        // counted in UTF-8 bytes, not characters
        assertThatThrownBy(() -> MessagesToApps.line("é".repeat(MessagesToApps.MAX_BYTES / 2))).hasMessageContaining("65538 bytes");
    }

    @Test
    void utf8Length() {
        assertThat(MessagesToApps.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(MessagesToApps.utf8Length("")).isZero();
    }
}
