package jpm.daemon;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import jpm.logs.LineSplitter;
import jpm.os.Fds;
import jpm.os.Sockets;

/**
 * The daemon's end of a Node app's IPC channel (the child has the other end as fd 4 with
 * NODE_CHANNEL_FD): Node's JSON serialization, one message per line. A platform thread reads
 * it ({@code process.send('ready')}, the adapter's "listening"); the loop writes (the drain
 * message, socket handles, messages from {@code jpm send}) without ever waiting, through an
 * {@link Outbox}: a Node app whose event loop is busy reads nothing meanwhile. Only the reader
 * closes the descriptor, under the same lock as writes, so a write never reaches a number the
 * kernel has given to another file.
 */
final class IpcChannel {
    /** Node's messages are small; a longer line is an app misusing the channel and is dropped. */
    private static final int MAX_LINE = 64 * 1024;
    private final int fd;
    private final Outbox outbox;
    private final OutboxRetry retry;
    /** One object per channel, so the retry holds each channel once. */
    private final java.util.function.BooleanSupplier flusher = this::flush;
    private boolean closed;

    private IpcChannel(int fd, OutboxRetry retry) {
        this.fd = fd;
        this.retry = retry;
        this.outbox = new Outbox(this::write, Sockets::close);
    }

    /**
     * @param onMessage each line, trimmed
     * @param onDropped why a line was not passed on (longer than {@link #MAX_LINE})
     * @param retry where lines the app has not taken yet are written again
     */
    static IpcChannel open(int fd, String name, Consumer<String> onMessage, Consumer<String> onDropped, OutboxRetry retry) {
        IpcChannel c = new IpcChannel(fd, retry);
        Thread.ofPlatform().name("jpm-ipc " + name).daemon().stackSize(128 * 1024).start(() -> c.read(onMessage, onDropped));
        return c;
    }

    private void read(Consumer<String> onMessage, Consumer<String> onDropped) {
        byte[] buf = new byte[4096];
        LineSplitter lines = new LineSplitter(MAX_LINE);
        boolean[] inLongLine = {false};
        LineSplitter.Sink sink = (b, off, len, cut) -> {
            // a line cut in pieces is longer than any message: dropped whole
            if (!cut && !inLongLine[0]) onMessage.accept(new String(b, off, len, StandardCharsets.UTF_8).trim());
            if (!cut && inLongLine[0]) onDropped.accept("a message longer than " + MAX_LINE + " bytes (process.send)");
            inLongLine[0] = cut;
        };
        try {
            int n;
            while ((n = Sockets.read(fd, buf)) > 0) lines.feed(buf, 0, n, sink);
        } finally {
            synchronized (this) {
                closed = true;
                outbox.close();
                Sockets.close(fd);
            }
        }
    }

    /** Sends jpm's own JSON message (queued behind what the app has not read yet); false if the channel is closed. */
    synchronized boolean send(String json) {
        return push(json + "\n", -1);
    }

    /**
     * Sends a listening socket the way a Node parent sends a handle (child_process's
     * {@code send(msg, handle)}): the line {@code {"cmd":"NODE_HANDLE","type":"net.Native","msg":...}}
     * with a copy of {@code socket} attached. Node accepts it, answers {@code NODE_HANDLE_ACK}, and
     * emits {@code process.on('message', (msg, handle))} with the raw TCP handle, which
     * {@code server.listen(handle)} takes. False if the channel is closed.
     */
    synchronized boolean sendHandle(String msgJson, int socket) {
        String line = "{\"cmd\":\"NODE_HANDLE\",\"type\":\"net.Native\",\"msg\":" + msgJson + "}\n";
        int copy = Sockets.duplicate(socket); // the daemon may close its socket before a waiting line goes
        return copy >= 0 && push(line, copy);
    }

    /**
     * A message from {@code jpm send}: one line, written now, or refused whole when the app has
     * not read earlier ones ({@link Outbox.Offer#FULL}).
     */
    synchronized Outbox.Offer offer(String json) {
        if (closed) return Outbox.Offer.CLOSED;
        Outbox.Offer o = outbox.offer((json + "\n").getBytes(StandardCharsets.UTF_8));
        if (!outbox.idle()) retry.add(flusher);
        return o;
    }

    /** Whether a message offered now would be taken at once: open, nothing waiting, room in the socket. */
    synchronized boolean ready() {
        return !closed && outbox.idle() && Fds.writable(fd);
    }

    synchronized boolean isClosed() {
        return closed || outbox.closed();
    }

    private boolean push(String line, int passFd) {
        if (closed) {
            if (passFd >= 0) Sockets.close(passFd);
            return false;
        }
        boolean open = outbox.push(line.getBytes(StandardCharsets.UTF_8), passFd);
        if (!outbox.idle()) retry.add(flusher);
        return open;
    }

    private synchronized boolean flush() {
        return closed || outbox.flush();
    }

    private long write(byte[] bytes, int off, int len, int passFd) {
        return Sockets.sendNoWait(fd, bytes, off, len, passFd);
    }

    /** Ends the channel; the reader sees the end and closes the descriptor. */
    synchronized void close() {
        if (!closed) Sockets.shutdown(fd);
    }
}
