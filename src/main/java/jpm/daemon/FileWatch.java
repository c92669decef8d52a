package jpm.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One watch of a {@link FileWatcher}: its callback, its roots, and the pending debounced change. Guarded by the watcher's lock. */
final class FileWatch {
    final String key;
    final Consumer<Path> onChange;
    final long debounceNanos;
    final List<FileWatcher.Root> roots = new ArrayList<>();
    /** The first path changed since the callback last ran, or null. */
    Path pending;
    /** When the callback is due: the debounce is trailing, so each change moves it. */
    long dueAt;

    FileWatch(String key, Consumer<Path> onChange, Duration debounce) {
        this.key = key;
        this.onChange = onChange;
        this.debounceNanos = debounce.toNanos();
    }

    void changed(Path path) {
        if (pending == null) pending = path;
        dueAt = System.nanoTime() + debounceNanos;
    }
}
