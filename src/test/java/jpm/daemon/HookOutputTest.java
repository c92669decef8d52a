package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hook's output in daemon.log: line by line under its label, bounded per run. */
class HookOutputTest {
    private final List<String> log = new ArrayList<>();

    private void read(String output) throws IOException {
        HookOutput.log("hook errored shop/web#0", new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), log::add);
    }

    @Test
    void eachLineIsLoggedUnderTheHooksLabelALastLineWithoutNewlineToo() throws IOException {
        read("one\ntwo\nthree");
        assertThat(log).containsExactly("hook errored shop/web#0: one", "hook errored shop/web#0: two", "hook errored shop/web#0: three");
    }

    @Test
    void aLongLineIsLoggedInPiecesMarkedCut() throws IOException {
        read("x".repeat(HookOutput.MAX_LINE * 2 + 10) + "\n");
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).endsWith(" [cut]").hasSize("hook errored shop/web#0: ".length() + HookOutput.MAX_LINE + " [cut]".length());
        assertThat(log.get(2)).isEqualTo("hook errored shop/web#0: " + "x".repeat(10));
    }

    @Test
    void afterTheBoundTheRestIsReadAndCountedNotLogged() throws IOException {
        String line = "y".repeat(99) + "\n"; // 100 bytes
        read(line.repeat(1000)); // 100,000 bytes
        assertThat(log).hasSize(HookOutput.MAX_BYTES / 100 + 1);
        assertThat(log.getLast()).isEqualTo("hook errored shop/web#0: " + (100_000 - HookOutput.MAX_BYTES / 100 * 100)
                + " more bytes of output not logged (at most 64 KiB per run)");
    }

    @Test
    void theEventGoesToStdinWhichIsClosedAndAHookThatClosedItsStdinIsNoFailure() {
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream tracked = new OutputStream() {
            @Override
            public void write(int b) {
                stdin.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        HookOutput.exchange("hook x", "{}\n".getBytes(StandardCharsets.UTF_8), tracked, new ByteArrayInputStream(new byte[0]), log::add);
        assertThat(stdin.toString(StandardCharsets.UTF_8)).isEqualTo("{}\n");
        assertThat(closed[0]).isTrue();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        HookOutput.exchange("hook x", "{}\n".getBytes(StandardCharsets.UTF_8), broken, new ByteArrayInputStream("ok\n".getBytes()), log::add);
        assertThat(log).containsExactly("hook x: ok");
    }
}
