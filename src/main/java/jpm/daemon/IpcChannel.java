package jpm.daemon;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import jpm.logs.LineSplitter;
import jpm.os.Sockets;

/**
 * The daemon's end of a Node app's IPC channel (the child has the other end as fd 4 with
 * NODE_CHANNEL_FD): Node's JSON serialization, one message per line. A platform thread reads
 * it ({@code process.send('ready')}, the adapter's "listening"); the loop writes the drain
 * message. Only the reader closes the descriptor, under the same lock as writes, so a write
 * never reaches a number the kernel has given to another file.
 */
final class IpcChannel {
    /** Node's messages are small; a longer line is an app misusing the channel and is dropped. */
    private static final int MAX_LINE = 64 * 1024;
    private final int fd;
    private boolean closed;

    private IpcChannel(int fd) {
        this.fd = fd;
    }

    /**
     * @param onMessage each line, trimmed
     * @param onDropped why a line was not passed on (longer than {@link #MAX_LINE})
     */
    static IpcChannel open(int fd, String name, Consumer<String> onMessage, Consumer<String> onDropped) {
        IpcChannel c = new IpcChannel(fd);
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
                Sockets.close(fd);
            }
        }
    }

    /** Sends one JSON message; false if the channel is closed. */
    synchronized boolean send(String json) {
        return !closed && Sockets.write(fd, (json + "\n").getBytes(StandardCharsets.UTF_8));
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
        return !closed && Sockets.writeWithFd(fd, line.getBytes(StandardCharsets.UTF_8), socket);
    }

    /** Ends the channel; the reader sees the end and closes the descriptor. */
    synchronized void close() {
        if (!closed) Sockets.shutdown(fd);
    }
}
