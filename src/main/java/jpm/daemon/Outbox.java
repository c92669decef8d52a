package jpm.daemon;

import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The lines on their way to one app over a channel that the daemon writes without ever waiting
 * (a Node app's IPC socket, a stdin pipe): the daemon has one loop, and an app that does not
 * read must not stop it. What the channel does not take at once waits here, in order, and goes
 * out as the app reads ({@link #flush}, retried by {@link OutboxRetry}), so a line is never
 * cut by another one.
 *
 * <p>A message from {@code jpm send} is refused while anything waits: an app that has not read
 * the last one is not reading, and nothing piles up in the daemon for it. jpm's own lines (the
 * drain request, a socket handle) always queue: they are few and small.
 *
 * <p>Not thread-safe: its owner calls it under its lock.
 */
final class Outbox {
    /** One write without waiting: how many bytes the channel took (maybe fewer than asked), or the errno negated. */
    interface Writer {
        long write(byte[] bytes, int offset, int length, int passFd);
    }

    /** What became of an offered message. */
    enum Offer {
        /** Written, or begun and the rest queued behind nothing else: it arrives as the app reads. */
        SENT,
        /** Not a byte of it written: the channel is full or an earlier line still waits. */
        FULL,
        /** The channel is gone (the app closed its end, or exited). */
        CLOSED
    }

    private static final int EAGAIN = 11;

    /** A line and the descriptor to send with its first byte, -1 for none (the outbox's to close). */
    private record Line(byte[] bytes, int passFd) {}

    private final ArrayDeque<Line> queue = new ArrayDeque<>();
    private final Writer writer;
    private final IntConsumer closeFd;
    /** Bytes of the head line already written. */
    private int written;
    private boolean closed;

    Outbox(Writer writer, IntConsumer closeFd) {
        this.writer = writer;
        this.closeFd = closeFd;
    }

    /** Nothing waits. */
    boolean idle() {
        return queue.isEmpty();
    }

    boolean closed() {
        return closed;
    }

    /** A user's message: written now if the channel takes its first byte and nothing waits, else refused whole. */
    Offer offer(byte[] line) {
        if (closed) return Offer.CLOSED;
        flush();
        if (closed) return Offer.CLOSED;
        if (!queue.isEmpty()) return Offer.FULL;
        queue.add(new Line(line, -1));
        flush();
        if (closed) return Offer.CLOSED;
        if (!queue.isEmpty() && written == 0) { // not a byte went: take it back
            queue.clear();
            return Offer.FULL;
        }
        return Offer.SENT;
    }

    /**
     * jpm's own line, with a descriptor to pass along ({@code passFd}, which the outbox closes
     * once sent; -1 for none): queued behind whatever waits. False if the channel is gone.
     */
    boolean push(byte[] line, int passFd) {
        if (closed) {
            if (passFd >= 0) closeFd.accept(passFd);
            return false;
        }
        queue.add(new Line(line, passFd));
        flush();
        return !closed;
    }

    /** Writes what the channel takes now. True when nothing is left to write (all went, or the channel is gone). */
    boolean flush() {
        while (!closed && !queue.isEmpty()) {
            Line head = queue.peek();
            int fd = written == 0 ? head.passFd() : -1;
            long n = writer.write(head.bytes(), written, head.bytes().length - written, fd);
            if (n == -EAGAIN || n == 0) return false;
            if (n < 0) {
                close();
                return true;
            }
            if (fd >= 0) closeFd.accept(fd); // it went with the first byte
            written += (int) n;
            if (written == head.bytes().length) {
                queue.remove();
                written = 0;
            }
        }
        return true;
    }

    /** Drops what waits (the channel is gone) and closes the descriptors it held. */
    void close() {
        closed = true;
        for (Line l : queue) {
            if (l.passFd() >= 0 && !(l == queue.peek() && written > 0)) closeFd.accept(l.passFd());
        }
        queue.clear();
        written = 0;
    }
}
