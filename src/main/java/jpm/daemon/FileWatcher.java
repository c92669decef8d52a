package jpm.daemon;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Watches files for {@code watch: true | [paths]}: one {@link WatchService} and one platform daemon
 * thread ({@code jpm-file-watcher}, started by the first {@link #watch}) for all watches.
 *
 * <p>A directory root is watched recursively: every subdirectory is registered, new ones as they
 * appear, deleted or moved-away ones are dropped. Ignored directories are never descended into
 * (registering node_modules would exhaust inotify watches); symbolic links below a root are not
 * followed. A file root is watched through its parent directory, so an editor's save by rename is
 * seen. Changes of one watch are debounced (trailing): the first changed path is reported once
 * {@link WatchSpec#debounce()} has passed without another change.
 *
 * <p>{@code onChange} runs on the watcher thread while it holds the watcher's lock, so once
 * {@link #unwatch} or a replacing {@link #watch} returns, the old callback is never called again;
 * it must be cheap and must not wait for a thread that calls this watcher. {@link #watch} walks
 * the roots on the calling thread (one register call per directory). Nothing here throws out of
 * the watcher thread: failures go to the logger.
 */
public final class FileWatcher implements AutoCloseable {
    /** Always ignored, whatever the app says: VCS data, dependencies, log files. */
    public static final List<String> DEFAULT_IGNORES = List.of(".git", "node_modules", "*.log");

    /** How many ready keys one round handles before due callbacks get their turn. */
    private static final int KEYS_PER_ROUND = 256;

    private final Consumer<String> logger;
    private final Object lock = new Object();
    private final Map<String, FileWatch> watches = new LinkedHashMap<>();
    private final Map<WatchKey, Dir> dirs = new HashMap<>();
    private WatchService service;
    private Thread thread;
    private boolean closed;

    /** One root of a watch; {@code base} is the directory registered first (the parent of a file root). */
    static final class Root {
        final FileWatch watch;
        final Path path;
        final boolean file;
        final Path base;
        final WatchIgnores ignores;
        /** The directories registered for this root, as seen from it. */
        final Map<Path, Dir> registered = new HashMap<>();

        Root(FileWatch watch, Path path, boolean file, WatchIgnores ignores) {
            this.watch = watch;
            this.path = path;
            this.file = file;
            this.base = file ? path.getParent() : path;
            this.ignores = ignores;
        }
    }

    /** One registered directory, shared by every root that sees it (two apps with the same cwd). */
    private static final class Dir {
        final WatchKey key;
        final Map<Root, Path> seenAs = new IdentityHashMap<>();

        Dir(WatchKey key) {
            this.key = key;
        }
    }

    /** @param logger where problems go (missing roots, inotify limits, failing callbacks); never throws out */
    public FileWatcher(Consumer<String> logger) {
        this.logger = logger;
    }

    /** Watches {@code roots} with no extra ignored paths; see {@link #watch(String, WatchSpec, Consumer)}. */
    public void watch(String key, List<Path> roots, List<String> ignoreGlobs, Duration debounce, Consumer<Path> onChange) {
        watch(key, new WatchSpec(roots, ignoreGlobs, List.of(), debounce), onChange);
    }

    /**
     * Starts watching under {@code key}, replacing any watch with the same key (its pending change is
     * dropped). Roots that do not exist are logged and skipped; directories that cannot be registered
     * (inotify limits, permissions) are logged and the rest is watched.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void watch(String key, WatchSpec spec, Consumer<Path> onChange) {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("file watcher is closed");
            unwatch(key);
            if (!started()) return;
            FileWatch w = new FileWatch(key, onChange, spec.debounce());
            List<PathMatcher> ignore = WatchIgnores.matchers(spec.ignoreGlobs(), m -> log("watch " + key + ": " + m));
            for (Path given : spec.roots()) {
                Path path = given.toAbsolutePath().normalize();
                if (!Files.exists(path)) {
                    log("watch " + key + ": " + path + " does not exist; not watching it");
                    continue;
                }
                boolean file = !Files.isDirectory(path) && path.getParent() != null;
                Root root = new Root(w, path, file, WatchIgnores.of(path, ignore, spec.ignoredPaths()));
                w.roots.add(root);
                registerTree(root, root.base, false);
            }
            watches.put(key, w);
        }
    }

    /** Stops the watch under {@code key}, if any; its callback is not called after this returns. */
    public void unwatch(String key) {
        synchronized (lock) {
            FileWatch w = watches.remove(key);
            if (w == null) return;
            for (Root r : w.roots) {
                for (Path p : List.copyOf(r.registered.keySet())) unregister(r, p);
            }
        }
    }

    /** Stops the thread and closes the WatchService; later {@link #watch} calls throw. */
    @Override
    public void close() {
        WatchService s;
        Thread t;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            watches.clear();
            dirs.clear();
            s = service;
            t = thread;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log("file watcher: closing: " + e.getMessage());
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The directories registered for {@code key} (for tests). */
    Set<Path> watchedDirs(String key) {
        synchronized (lock) {
            Set<Path> out = new LinkedHashSet<>();
            FileWatch w = watches.get(key);
            if (w != null) w.roots.forEach(r -> out.addAll(r.registered.keySet()));
            return out;
        }
    }

    /** The watcher thread, or null before the first watch (for tests). */
    Thread thread() {
        synchronized (lock) {
            return thread;
        }
    }

    // ---- setup (under lock) ----

    private boolean started() {
        if (service != null) return true;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            log("file watching unavailable: " + e.getMessage() + hint(e));
            return false;
        }
        thread = Thread.ofPlatform().name("jpm-file-watcher").daemon().start(this::loop);
        return true;
    }

    /**
     * Registers {@code start} and every directory below it that is not ignored; with {@code prune},
     * drops this root's registrations below {@code start} that the walk did not find.
     */
    private void registerTree(Root root, Path start, boolean prune) {
        Set<Path> found = new HashSet<>();
        ArrayDeque<Path> todo = new ArrayDeque<>();
        todo.push(start);
        int failed = 0;
        String firstFailure = null;
        while (!todo.isEmpty()) {
            Path dir = todo.pop();
            try {
                register(root, dir);
                found.add(dir);
            } catch (IOException | RuntimeException e) {
                if (failed++ == 0) firstFailure = dir + ": " + e.getMessage() + hint(e);
                continue;
            }
            if (root.file) continue;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && !root.ignores.ignores(child)) todo.push(child);
                }
            } catch (IOException | DirectoryIteratorException e) {
                // gone or unreadable meanwhile: what was registered stays, the rest is not watched
            }
        }
        if (failed > 0) {
            log("watch " + root.watch.key + ": could not watch " + failed + " director" + (failed == 1 ? "y" : "ies")
                    + " under " + root.path + ", changes there are missed (first: " + firstFailure + ")");
        }
        if (prune) {
            for (Path p : List.copyOf(root.registered.keySet())) {
                if (p.startsWith(start) && !found.contains(p)) unregister(root, p);
            }
        }
    }

    private void register(Root root, Path dir) throws IOException {
        // the same directory registered again (another root, another app) gives back the same key
        WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
        Dir d = dirs.computeIfAbsent(key, Dir::new);
        d.seenAs.put(root, dir);
        root.registered.put(dir, d);
    }

    private void unregister(Root root, Path dir) {
        Dir d = root.registered.remove(dir);
        if (d == null) return;
        d.seenAs.remove(root);
        if (d.seenAs.isEmpty()) {
            dirs.remove(d.key);
            d.key.cancel();
        }
    }

    private static String hint(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("inotify") ? " (raise fs.inotify.max_user_watches / max_user_instances)" : "";
    }

    // ---- the watcher thread ----

    private void loop() {
        WatchService s;
        synchronized (lock) {
            s = service;
        }
        while (true) {
            try {
                long waitNanos;
                synchronized (lock) {
                    if (closed) return;
                    waitNanos = fireDue();
                }
                WatchKey key = waitNanos < 0 ? s.take() : s.poll(waitNanos, TimeUnit.NANOSECONDS);
                synchronized (lock) {
                    for (int n = 0; key != null && !closed; n++) {
                        handle(key);
                        key = n < KEYS_PER_ROUND ? s.poll() : null;
                    }
                }
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                synchronized (lock) {
                    if (closed) return;
                }
            } catch (Throwable t) {
                log("file watcher: " + t);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // no hot loop on a repeating failure
            }
        }
    }

    /** Calls the callbacks that are due; returns the nanos until the next one, or -1 if none is pending. */
    private long fireDue() {
        long now = System.nanoTime();
        long next = -1;
        for (FileWatch w : List.copyOf(watches.values())) {
            if (w.pending == null || watches.get(w.key) != w) continue;
            long left = w.dueAt - now;
            if (left > 0) {
                next = next < 0 ? left : Math.min(next, left);
                continue;
            }
            Path changed = w.pending;
            w.pending = null;
            try {
                w.onChange.accept(changed);
            } catch (Throwable t) {
                log("watch " + w.key + ": change handler failed on " + changed + ": " + t);
            }
        }
        return next;
    }

    private void handle(WatchKey key) {
        try {
            Dir d = dirs.get(key);
            List<WatchEvent<?>> events = key.pollEvents();
            if (d == null) return; // cancelled meanwhile
            for (WatchEvent<?> e : events) {
                for (Map.Entry<Root, Path> seen : List.copyOf(d.seenAs.entrySet())) {
                    if (watches.get(seen.getKey().watch.key) != seen.getKey().watch) continue;
                    try {
                        event(seen.getKey(), seen.getValue(), e);
                    } catch (RuntimeException ex) {
                        log("watch " + seen.getKey().watch.key + ": " + ex);
                    }
                }
            }
        } finally {
            if (!key.reset()) dropInvalid(key);
        }
    }

    private void event(Root root, Path dir, WatchEvent<?> e) {
        if (e.kind() == OVERFLOW) {
            // events were lost: report the root and find the directories created meanwhile
            root.watch.changed(root.path);
            registerTree(root, root.base, true);
            return;
        }
        Path child = dir.resolve((Path) e.context());
        if (root.file ? !child.equals(root.path) || root.ignores.ignoresPath(child) : root.ignores.ignores(child)) return;
        boolean isDir = e.kind() != ENTRY_DELETE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
        if (e.kind() == ENTRY_MODIFY && isDir) return; // a directory's own metadata, not its content
        if (!root.file && e.kind() == ENTRY_CREATE && isDir) registerTree(root, child, false);
        if (!root.file && e.kind() == ENTRY_DELETE && root.registered.containsKey(child)) {
            // deleted or moved away: a moved directory's key stays valid under its old name
            for (Path p : List.copyOf(root.registered.keySet())) {
                if (p.startsWith(child)) unregister(root, p);
            }
        }
        root.watch.changed(child);
    }


    private void dropInvalid(WatchKey key) {
        Dir d = dirs.remove(key);
        if (d == null) return;
        for (Map.Entry<Root, Path> seen : d.seenAs.entrySet()) {
            Root root = seen.getKey();
            root.registered.remove(seen.getValue());
            if (seen.getValue().equals(root.base) && watches.get(root.watch.key) == root.watch) {
                log("watch " + root.watch.key + ": " + root.base + " is gone; no longer watching " + root.path);
            }
        }
    }

    private void log(String message) {
        try {
            logger.accept(message);
        } catch (Throwable ignored) {
            // a failing logger must not kill the watcher thread either
        }
    }
}
