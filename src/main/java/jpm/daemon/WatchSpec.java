package jpm.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import jpm.ecosystem.Supervision;

/**
 * What one {@link FileWatcher} watch looks at.
 *
 * @param roots directories (watched recursively) or single files; absolute, or taken against the
 *     daemon's working directory
 * @param ignoreGlobs globs matched against the path relative to its root and against each of its
 *     segments; {@link FileWatcher#DEFAULT_IGNORES} are always added
 * @param ignoredPaths absolute paths never reported, nor descended into when directories: jpm's
 *     own log files and JPM_HOME, so an app that writes its logs inside its watched cwd never loops
 * @param debounce quiet time after the last change before one change is reported (trailing)
 */
public record WatchSpec(List<Path> roots, List<String> ignoreGlobs, List<Path> ignoredPaths, Duration debounce) {

    public WatchSpec {
        roots = roots == null ? List.of() : List.copyOf(roots);
        ignoreGlobs = ignoreGlobs == null ? List.of() : List.copyOf(ignoreGlobs);
        ignoredPaths = ignoredPaths == null ? List.of() : List.copyOf(ignoredPaths);
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) throw new IllegalArgumentException("debounce must be >= 0, got " + debounce);
    }

    /** An app's {@code watch}, {@code ignore_watch} and {@code watch_delay}, plus the paths jpm itself writes. */
    public static WatchSpec of(Supervision.RestartTriggers triggers, List<Path> ignoredPaths) {
        return new WatchSpec(triggers.watch().stream().map(Path::of).toList(), triggers.ignoreWatch(),
                ignoredPaths, Duration.ofMillis(triggers.watchDelayMs()));
    }
}
