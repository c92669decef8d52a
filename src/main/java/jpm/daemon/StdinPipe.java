package jpm.daemon;

import java.nio.charset.StandardCharsets;
import jpm.os.Fds;
import jpm.os.Pipes;

/**
 * The daemon's end of an app's stdin ({@code stdin: message}): the write end of the pipe the app
 * reads as fd 0, non-blocking, to which {@code jpm send} writes each message as one line. Its
 * {@link PipeHolder} holds the write end too, so the app never reads an end of file while it
 * lives: not when the daemon crashes, not during an update. Touched on the loop only.
 */
final class StdinPipe {
    private final int fd;
    private final Outbox outbox;
    private final OutboxRetry retry;
    /** One object per pipe, so the retry holds each pipe once. */
    private final java.util.function.BooleanSupplier flusher;

    /** {@code fd}: the write end, already non-blocking; the pipe owns it from now on. */
    StdinPipe(int fd, OutboxRetry retry) {
        this.fd = fd;
        this.retry = retry;
        this.outbox = new Outbox((bytes, off, len, passFd) -> Pipes.write(fd, bytes, off, len), Pipes::close);
        this.flusher = outbox::flush;
    }

    /** One message as one line, written now, or refused whole when the app has not read earlier ones. */
    Outbox.Offer offer(String json) {
        Outbox.Offer o = outbox.offer((json + "\n").getBytes(StandardCharsets.UTF_8));
        if (!outbox.idle()) retry.add(flusher);
        return o;
    }

    /** Whether a message offered now would be taken at once: nothing waiting and room in the pipe. */
    boolean ready() {
        return !outbox.closed() && outbox.idle() && Fds.writable(fd);
    }

    /** Whether nothing reads the pipe any more: the app closed its stdin (or gave it away and the taker ended). */
    boolean readerGone() {
        return outbox.closed() || Fds.outputClosed(fd);
    }

    /** The app ended: what waits is dropped; the holder's copy of the write end goes with the holder. */
    void close() {
        outbox.close();
        Pipes.close(fd);
    }
}
