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

    /**
     * Set when the daemon leaves (`jpm update`, `kill`): pumps stop reading, so the next daemon,
     * which reopens the pipes, is their only reader and no chunk is read by one that is going.
     */
    private static volatile boolean stopping;
    /** Pumps between a read that returned and the write of what it read. */
    private static final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

    private LogPump() {}

    /**
     * Stops every pump after its current chunk and waits (bounded) until what was read is
     * written. A pump blocked in a read holds nothing; if data arrives in the instant before the
     * process exits, that chunk is lost (logs.md).
     */
    public static void stopReading(long timeoutMs) {
        stopping = true;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (busy.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

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
            boolean failed = false;
            while (!stopping && (n = in.read(chunk)) >= 0) {
                busy.incrementAndGet();
                try {
                    now[0] = System.currentTimeMillis();
                    splitter.feed(chunk, 0, n, sink);
                    if (stopping || in.available() == 0) flushAll(files, log);
                    failed = false;
                } catch (RuntimeException | OutOfMemoryError e) {
                    // keep draining whatever happens: a pump that stopped reading would freeze its app
                    // once the pipe is full (its pipe holder keeps the pipe open)
                    splitter.clear();
                    if (!failed) log.accept("output of " + files.getFirst().path() + ": dropped a chunk: " + e);
                    failed = true;
                } finally {
                    busy.decrementAndGet();
                }
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

    /** Writes out each file's buffer; a failure is logged and the others are still flushed. */
    static void flushAll(java.util.Collection<LogFile> files, Consumer<String> log) {
        for (LogFile f : files) {
            try {
                f.flush();
            } catch (IOException e) {
                log.accept("cannot write " + f.path() + ": " + e.getMessage());
            }
        }
    }
}
