package jpm.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import jpm.logs.LineSplitter;

/**
 * A hook's conversation, off the loop (one platform thread per running hook: a blocking pipe read
 * would pin a virtual thread's carrier, logs.md): the event goes to its stdin, and what it prints
 * on stdout or stderr goes to daemon.log, line by line, each line prefixed with the hook and the
 * event. Bounded: lines are cut at {@link #MAX_LINE} bytes, and after {@link #MAX_BYTES} the rest is
 * read and dropped, so a hook that floods neither blocks on a full pipe nor fills the log. Ends
 * when every process holding the pipe has closed it (the hook and whatever it left running).
 */
final class HookOutput {
    static final int MAX_LINE = 4096;
    static final int MAX_BYTES = 64 * 1024;

    private HookOutput() {}

    /**
     * Writes {@code event} (one JSON line) to the hook's stdin and closes it, then logs its output
     * until the end of the stream.
     */
    static void exchange(String label, byte[] event, OutputStream stdin, InputStream output, Consumer<String> log) {
        try (stdin) {
            stdin.write(event);
        } catch (IOException e) {
            // the hook closed its stdin without reading: it does not want the event there
        }
        try (output) {
            log(label, output, log);
        } catch (IOException e) {
            log.accept(label + ": reading its output failed: " + e.getMessage());
        }
    }

    /** Logs the lines of {@code output} under {@code label}, up to {@link #MAX_BYTES}; then one line says what was left out. */
    static void log(String label, InputStream output, Consumer<String> log) throws IOException {
        LineSplitter lines = new LineSplitter(MAX_LINE);
        long[] logged = {0};
        long[] dropped = {0};
        LineSplitter.Sink sink = (b, off, len, cut) -> {
            if (logged[0] + len > MAX_BYTES) {
                dropped[0] += len + (cut ? 0 : 1);
                return;
            }
            logged[0] += len + (cut ? 0 : 1);
            log.accept(label + ": " + new String(b, off, len, StandardCharsets.UTF_8) + (cut ? " [cut]" : ""));
        };
        byte[] buf = new byte[8192];
        for (int n; (n = output.read(buf)) > 0; ) lines.feed(buf, 0, n, sink);
        lines.flush(sink);
        if (dropped[0] > 0) log.accept(label + ": " + dropped[0] + " more bytes of output not logged (at most " + MAX_BYTES / 1024 + " KiB per run)");
    }
}
