package jpm.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.daemon.state.StateFormat;
import jpm.home.JpmHome;

/**
 * {@code JPM_HOME/state.json}: the desired state and every spawn, so a daemon that died (kill -9,
 * crash, upgrade) is replaced by one that re-adopts the running instances instead of starting
 * duplicates. Written crash-safe: a temp file, fsync, the previous file kept as
 * {@code state.json.bak}, an atomic rename, fsync of the directory. A file that does not parse is
 * moved aside as {@code *.corrupt} and the backup is read instead. A file of a newer format
 * ({@link StateFormat}) is refused and left in place: reading the backup instead, or starting
 * empty, would overwrite what the newer jpm recorded.
 */
final class StateStore {
    private final Path file;
    private final Consumer<String> log;
    /** The test-only {@link CrashPoint} reached halfway through writing this file. */
    private final String midWriteCrashPoint;

    StateStore(Path file, String midWriteCrashPoint, Consumer<String> log) {
        this.file = file;
        this.midWriteCrashPoint = midWriteCrashPoint;
        this.log = log;
    }

    Path backup() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    boolean exists() {
        return Files.exists(file) || Files.exists(backup());
    }

    /**
     * The saved state, the backup if the file is damaged, or empty. A file (or backup) of a newer
     * format than this build knows is a {@link NewerFormatException}, and both files stay.
     */
    SavedState load() throws NewerFormatException {
        for (Path p : List.of(file, backup())) {
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                log.accept("cannot read " + p + ": " + e.getMessage());
                continue;
            }
            try {
                return StateFormat.read(text, p.toString());
            } catch (RuntimeException e) {
                Path aside = p.resolveSibling(p.getFileName() + ".corrupt");
                log.accept(p + " is damaged (" + e.getMessage() + "): moved to " + aside + ", trying the backup");
                try {
                    Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    log.accept("cannot move " + p + " aside: " + moveFailed.getMessage());
                }
            }
        }
        return SavedState.empty();
    }

    /** Forgets the state (after a deliberate stop of everything). */
    void clear() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(backup());
        } catch (IOException e) {
            log.accept("cannot remove " + file + ": " + e.getMessage());
        }
    }

    /** Writes crash-safe; on failure (disk full, ...) the previous file stays as it was. */
    void save(SavedState state) throws IOException {
        byte[] bytes = StateFormat.write(state).getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            buf.limit(bytes.length / 2);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
            CrashPoint.reach(midWriteCrashPoint);
            buf.limit(bytes.length);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.setPosixFilePermissions(tmp, JpmHome.FILE_MODE);
        // The backup is a second name for the current file's inode: no copy that a crash could cut
        // short, and the rename below gives `file` a new inode while the backup keeps the old one.
        Files.deleteIfExists(backup());
        if (Files.exists(file)) Files.createLink(backup(), file);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself must survive a power cut
        }
    }
}
