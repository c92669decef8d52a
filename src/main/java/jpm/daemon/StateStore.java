package jpm.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.daemon.state.StateFormat;

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
                DamagedFile.setAside(p, e, ", trying the backup", log);
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
        AtomicWrite.replace(file, StateFormat.write(state).getBytes(StandardCharsets.UTF_8), midWriteCrashPoint, backup());
    }
}
