package jpm.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A log file the daemon writes (piped mode): whole lines only, appended through a 64 KiB
 * buffer, rotated by renaming between two lines (so no line is ever split or lost across a
 * rotation). Shared by every stream that writes to the same path (merge_logs, log_file), hence
 * synchronized: a line is never interleaved with another. A path whose last component is a
 * symbolic link is refused (O_NOFOLLOW).
 */
public final class LogFile {
    /**
     * The path of a stream the app's definition discards ({@code out_file: /dev/null} or PM2's
     * {@code NULL}): its LogFile writes nothing and never rotates (a rename would move the device).
     */
    public static final Path DISCARD = Path.of("/dev/null");
    static final int BUFFER = 64 * 1024;
    private static final byte NL = '\n';

    private final Path path;
    private final Consumer<String> log;
    private volatile RotationPolicy policy;
    private FileChannel channel;
    private long size;
    private final byte[] buf = new byte[BUFFER];
    private int used;
    private boolean closed;
    private final boolean discard;
    /** After a failed rotation: not before this (System.nanoTime). */
    private long rotationRetryAt = Long.MIN_VALUE;

    private LogFile(Path path, RotationPolicy policy, Consumer<String> log) {
        this.path = path;
        this.policy = policy;
        this.log = log;
        this.discard = path.equals(DISCARD);
    }

    /**
     * Opens (creating, mode 0640) for appending; a symlink or a non-regular file is refused,
     * except {@link #DISCARD}, which is not opened at all.
     */
    public static LogFile open(Path path, RotationPolicy policy, Consumer<String> log) throws IOException {
        LogFile f = new LogFile(path, policy, log);
        if (!f.discard) f.openChannel();
        return f;
    }

    /** Refuses what jpm must never write through: a symbolic link, a directory, a device. */
    public static void checkWritable(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new FileSystemException(path.toString(), null, "is a symbolic link: jpm never writes logs through a link"
                    + " (point the app's log path at the real file)");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(path.toString(), null, "is not a regular file");
        }
    }

    private void openChannel() throws IOException {
        checkWritable(path);
        channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        size = channel.size();
    }

    public Path path() {
        return path;
    }

    public void policy(RotationPolicy p) {
        this.policy = p;
    }

    /** Appends one line: prefix, bytes, suffix, newline. */
    public synchronized void write(byte[] prefix, byte[] b, int off, int len, byte[] suffix) throws IOException {
        if (closed || discard) return;
        int total = prefix.length + len + suffix.length + 1;
        RotationPolicy p = policy;
        if (p.enabled() && size + used > 0 && size + used + total > p.maxBytes()) rotate(p);
        if (total > BUFFER - used) drain();
        if (total > BUFFER) {
            writeFully(ByteBuffer.wrap(prefix), ByteBuffer.wrap(b, off, len), ByteBuffer.wrap(suffix), ByteBuffer.wrap(new byte[] {NL}));
            size += total;
            return;
        }
        System.arraycopy(prefix, 0, buf, used, prefix.length);
        used += prefix.length;
        System.arraycopy(b, off, buf, used, len);
        used += len;
        System.arraycopy(suffix, 0, buf, used, suffix.length);
        used += suffix.length;
        buf[used++] = NL;
    }

    /** Writes out what the buffer holds (called when the writer has nothing more to read for now). */
    public synchronized void flush() throws IOException {
        if (!closed) drain();
    }

    private void drain() throws IOException {
        if (used == 0) return;
        writeFully(ByteBuffer.wrap(buf, 0, used));
        size += used;
        used = 0;
    }

    private void writeFully(ByteBuffer... parts) throws IOException {
        long remaining = 0;
        for (ByteBuffer p : parts) remaining += p.remaining();
        while (remaining > 0) remaining -= channel.write(parts);
    }

    private void rotate(RotationPolicy p) throws IOException {
        drain();
        if (System.nanoTime() < rotationRetryAt) return;
        Path rotated = Rotation.rotatedPath(path, Instant.now());
        try {
            Files.move(path, rotated, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the file stays as it is and keeps being written; rotation is tried again in a minute
            log.accept("cannot rotate " + path + " (it keeps growing; retried in 60 s): " + e.getMessage());
            rotationRetryAt = System.nanoTime() + 60_000_000_000L;
            return;
        }
        channel.close();
        openChannel();
        Rotation.finish(path, rotated, p, log);
    }

    /** `jpm flush`: empties the file. */
    public synchronized void truncate() throws IOException {
        if (closed || discard) return;
        used = 0;
        channel.truncate(0);
        size = 0;
    }

    /** `jpm reloadLogs`: reopens by path (after an outside tool moved the file away). */
    public synchronized void reopen() throws IOException {
        if (closed || discard) return;
        drain();
        channel.close();
        openChannel();
    }

    public synchronized void close() {
        if (closed) return;
        try {
            drain();
        } catch (IOException e) {
            log.accept("cannot write " + path + ": " + e.getMessage());
        }
        closed = true;
        if (discard) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we only appended to: nothing left to lose
        }
    }
}
