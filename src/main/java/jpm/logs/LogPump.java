package jpm.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child (stdout or stderr, a pipe) on its own small platform
 * thread and writes each line to its files. Not a virtual thread: a read of a pipe blocks in
 * native code and pins its carrier, and a daemon whose two carriers sat in silent stderr pipes
 * stopped answering its socket (seen when pipes were reopened through /proc after a restart). Backpressure instead of buffering: the pump reads only as fast
 * as it writes, so a child that outruns the disk blocks in write(2) and nothing piles up in the
 * daemon. Files are flushed whenever the pipe is momentarily empty: under a burst, writes are
 * 64 KiB blocks; a lone line reaches the file at once.
 */
public final class LogPump {
    /** Lines longer than this are cut into pieces with a marker (16 MiB). */
    public static final int MAX_LINE = 16 * 1024 * 1024;
    static final int READ_CHUNK = 64 * 1024;
    /** The pump's stack: it only loops over arrays (the JVM rounds it up to its minimum). */
    static final long STACK = 256 * 1024;

    private LogPump() {}

    /**
     * Starts pumping; {@code onEnd} runs once the stream ended (every writer of the pipe closed
     * it: the child and anything that inherited it) and the last partial line is written.
     */
    public static Thread start(String name, InputStream in, LineFormat format, List<LogFile> files, Consumer<String> log,
                               Runnable onEnd) {
        return Thread.ofPlatform().name(name).daemon().stackSize(STACK).start(() -> {
            try {
                pump(in, format, files, MAX_LINE, log);
            } finally {
                onEnd.run();
            }
        });
    }

    static void pump(InputStream in, LineFormat format, List<LogFile> files, int maxLine, Consumer<String> log) {
        LineSplitter splitter = new LineSplitter(maxLine);
        byte[] chunk = new byte[READ_CHUNK];
        long[] now = new long[1];
        boolean[] failing = new boolean[1];
        LineSplitter.Sink sink = (b, off, len, cut) -> {
            for (LogFile f : files) {
                try {
                    format.write(f, now[0], b, off, len, cut);
                    failing[0] = false;
                } catch (IOException e) {
                    // disk full or the like: said once per streak; the child is not stopped for it
                    if (!failing[0]) log.accept("cannot write " + f.path() + " (lines are lost until it works again): " + e.getMessage());
                    failing[0] = true;
                }
            }
        };
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                now[0] = System.currentTimeMillis();
                splitter.feed(chunk, 0, n, sink);
                if (in.available() == 0) flushAll(files, log);
            }
        } catch (IOException e) {
            log.accept("reading output: " + e.getMessage());
        } finally {
            now[0] = System.currentTimeMillis();
            splitter.flush(sink);
            flushAll(files, log);
            try {
                in.close();
            } catch (IOException ignored) {
                // the pipe is done either way
            }
        }
    }

    private static void flushAll(List<LogFile> files, Consumer<String> log) {
        for (LogFile f : files) {
            try {
                f.flush();
            } catch (IOException e) {
                log.accept("cannot write " + f.path() + ": " + e.getMessage());
            }
        }
    }
}
