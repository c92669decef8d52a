package jpm.daemon;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a watch root does not report: paths under jpm's own files (JPM_HOME, the app's logs), and
 * what an ignore glob matches: the absolute path, a leading part of the path relative to the root,
 * or one of its segments ({@link FileWatcher#DEFAULT_IGNORES} always among them).
 */
record WatchIgnores(Path root, List<PathMatcher> globs, List<Path> paths) {
    /** @param globs from {@link #matchers}, shared by the roots of one watch */
    static WatchIgnores of(Path root, List<PathMatcher> globs, List<Path> ignoredPaths) {
        return new WatchIgnores(root, globs, under(root, ignoredPaths));
    }

    /** Under one of the ignored paths. */
    boolean ignoresPath(Path p) {
        for (Path ignored : paths) {
            if (p.startsWith(ignored)) return true;
        }
        return false;
    }

    /** Under an ignored path, or matched by a glob. */
    boolean ignores(Path p) {
        if (ignoresPath(p)) return true;
        Path rel = root.relativize(p);
        for (PathMatcher m : globs) {
            if (m.matches(p)) return true;
            for (int i = 1; i <= rel.getNameCount(); i++) {
                if (m.matches(rel.subpath(0, i)) || m.matches(rel.getName(i - 1))) return true;
            }
        }
        return false;
    }

    /** The matchers of an app's ignore_watch globs and the defaults; {@code invalid} hears of a glob that does not parse (skipped). */
    static List<PathMatcher> matchers(List<String> globs, Consumer<String> invalid) {
        Set<String> all = new LinkedHashSet<>(FileWatcher.DEFAULT_IGNORES);
        for (String g : globs) {
            String glob = g.strip();
            if (glob.startsWith("./")) glob = glob.substring(2);
            while (glob.length() > 1 && glob.endsWith("/")) glob = glob.substring(0, glob.length() - 1);
            if (glob.isEmpty()) continue;
            all.add(glob);
            // like chokidar: "**/x" also matches a top-level x, and "dir/**" ignores dir itself
            if (glob.startsWith("**/") && glob.length() > 3) all.add(glob.substring(3));
            if (glob.endsWith("/**") && glob.length() > 3) all.add(glob.substring(0, glob.length() - 3));
        }
        List<PathMatcher> out = new ArrayList<>();
        for (String glob : all) {
            try {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            } catch (IllegalArgumentException e) {
                invalid.accept("ignoring the invalid ignore_watch glob '" + glob + "': " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /**
     * The ignored paths as given, plus each one re-expressed under {@code root} when they are the
     * same place through a symbolic link (JPM_HOME given as /home/u/.jpm, cwd as /data/u, ...).
     */
    private static List<Path> under(Path root, List<Path> ignored) {
        Path realRoot = canonical(root);
        List<Path> out = new ArrayList<>();
        for (Path p : ignored) {
            Path abs = p.toAbsolutePath().normalize();
            out.add(abs);
            Path real = canonical(abs);
            if (real.startsWith(realRoot)) out.add(root.resolve(realRoot.relativize(real)));
        }
        return List.copyOf(out);
    }

    /** The real path of the longest existing prefix, with the rest appended. */
    private static Path canonical(Path abs) {
        Path tail = abs.getFileSystem().getPath("");
        for (Path cur = abs; cur != null; cur = cur.getParent()) {
            try {
                return cur.toRealPath().resolve(tail);
            } catch (IOException e) {
                if (cur.getFileName() != null) tail = cur.getFileName().resolve(tail);
            }
        }
        return abs;
    }
}
