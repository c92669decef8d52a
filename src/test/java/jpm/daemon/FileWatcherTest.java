package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {
    static final Duration DEBOUNCE = Duration.ofMillis(100);
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir Path dir;
    final List<String> logged = new CopyOnWriteArrayList<>();
    final FileWatcher watcher = new FileWatcher(logged::add);
    final List<Path> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        watcher.close();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    void watchDir(List<String> ignoreGlobs, List<Path> ignoredPaths) {
        watcher.watch("app", new WatchSpec(List.of(dir), ignoreGlobs, ignoredPaths, DEBOUNCE), events::add);
    }

    /** Positive control: writes a watched file and waits until the callbacks are exactly {@code before} and then that file. */
    void control(Path file, Path... before) throws IOException {
        write(file, "control");
        List<Path> expected = new ArrayList<>(List.of(before));
        expected.add(file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactlyElementsOf(expected));
    }

    @Test
    void touchingAWatchedFileFiresOnceWithItsPath() throws IOException {
        Path file = dir.resolve("server.js");
        write(file, "v1");
        watchDir(List.of(), List.of());
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        await().atMost(WAIT).until(() -> !events.isEmpty());
        control(dir.resolve("other.js"), file);
    }

    @Test
    void aBurstOfWritesWithinTheDebounceFiresOnce() throws IOException {
        Path file = dir.resolve("app.js");
        watcher.watch("app", new WatchSpec(List.of(dir), List.of(), List.of(), Duration.ofMillis(500)), events::add);
        for (int i = 0; i < 20; i++) write(file, "v" + i);
        await().atMost(WAIT).during(Duration.ofMillis(1000)).until(() -> events.equals(List.of(file)));
    }

    @Test
    void ignoredGlobsLogFilesAndIgnoredPathsDoNotFire() throws IOException {
        Path deps = dir.resolve("node_modules");
        write(deps.resolve("lib/x.js"), "existing");
        write(dir.resolve(".git/HEAD"), "ref");
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.createDirectories(dir.resolve("fresh"));
        Path own = dir.resolve("jpm-logs/app-out.txt");
        watchDir(List.of("dist", "**/*.tmp"), List.of(dir.resolve("jpm-logs")));
        // never descends into ignored directories
        assertThat(watcher.watchedDirs("app")).containsExactlyInAnyOrder(dir, dir.resolve("sub"), dir.resolve("sub/deeper"), dir.resolve("fresh"));

        write(deps.resolve("x.js"), "changed");
        write(deps.resolve("lib/x.js"), "changed");
        write(dir.resolve(".git/HEAD"), "other");
        write(dir.resolve("app.log"), "a line");
        write(dir.resolve("sub/deeper/app.log"), "a line");
        write(dir.resolve("dist/bundle.js"), "built");
        write(dir.resolve("x.tmp"), "tmp");
        write(own, "own log line");
        write(dir.resolve("fresh/node_modules/y.js"), "installed later");
        control(dir.resolve("index.js"));
        assertThat(watcher.watchedDirs("app")).containsExactlyInAnyOrder(dir, dir.resolve("sub"), dir.resolve("sub/deeper"), dir.resolve("fresh"));
    }

    @Test
    void anIgnoredPathReachedThroughASymlinkIsStillIgnored() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        watcher.watch("app", new WatchSpec(List.of(real), List.of(), List.of(link.resolve("home")), DEBOUNCE), events::add);
        write(real.resolve("home/dump.rdb"), "x");
        write(real.resolve("home/pids/app.pid"), "1");
        write(real.resolve("main.py"), "control");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly(real.resolve("main.py")));
    }

    @Test
    void aSubdirectoryCreatedAfterWatchIsWatched() throws IOException {
        watchDir(List.of(), List.of());
        Path sub = Files.createDirectories(dir.resolve("a/b/c"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly(dir.resolve("a")));
        assertThat(watcher.watchedDirs("app")).contains(dir.resolve("a"), dir.resolve("a/b"), sub);
        control(sub.resolve("f.txt"), dir.resolve("a"));
    }

    @Test
    void aDeletedOrMovedSubdirectoryIsNoLongerWatched() throws IOException {
        Path gone = Files.createDirectories(dir.resolve("gone/inner"));
        Path moved = Files.createDirectories(dir.resolve("moved/inner"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        watchDir(List.of("outside"), List.of());
        assertThat(watcher.watchedDirs("app")).contains(gone, moved).doesNotContain(outside);
        Files.delete(gone);
        Files.delete(gone.getParent());
        Files.move(moved.getParent(), outside.resolve("moved"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly(gone));
        assertThat(watcher.watchedDirs("app")).containsExactly(dir);
        write(outside.resolve("moved/inner/x.txt"), "not watched any more");
        control(dir.resolve("y.txt"), gone);
    }

    @Test
    void aFileRootFiresForThatFileOnly() throws IOException {
        Path config = dir.resolve("config.json");
        write(config, "{}");
        watcher.watch("app", List.of(config), List.of(), DEBOUNCE, events::add);
        write(dir.resolve("sibling.json"), "{}");
        Files.delete(config);
        write(config, "{\"saved\": \"by rename\"}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly(config));
    }

    @Test
    void unwatchStopsEventsAndKeepsOtherWatchesOfTheSameDirectory() throws IOException {
        List<Path> other = new CopyOnWriteArrayList<>();
        watchDir(List.of(), List.of());
        watcher.watch("other", List.of(dir), List.of(), DEBOUNCE, other::add);
        control(dir.resolve("first.txt"));
        watcher.unwatch("app");
        assertThat(watcher.watchedDirs("app")).isEmpty();
        write(dir.resolve("second.txt"), "x");
        await().atMost(WAIT).until(() -> other.contains(dir.resolve("second.txt")));
        assertThat(events).containsExactly(dir.resolve("first.txt"));
    }

    @Test
    void replacingAWatchMovesItToTheNewRoot() throws IOException {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        watcher.watch("app", List.of(before), List.of(), DEBOUNCE, events::add);
        watcher.watch("app", List.of(after), List.of(), DEBOUNCE, events::add);
        assertThat(watcher.watchedDirs("app")).containsExactly(after);
        write(before.resolve("old.txt"), "x");
        control(after.resolve("new.txt"));
    }

    @Test
    void aMissingRootIsLoggedOnceAndTheOthersAreWatched() throws IOException {
        Path missing = dir.resolve("not-yet");
        Path present = Files.createDirectories(dir.resolve("present"));
        watcher.watch("app", List.of(missing, present), List.of(), DEBOUNCE, events::add);
        assertThat(logged).singleElement().asString().contains(missing.toString(), "does not exist");
        write(missing.resolve("x"), "created later: not watched");
        control(present.resolve("y"));
    }

    @Test
    void aFailingCallbackDoesNotKillTheWatcher() throws IOException {
        watcher.watch("app", List.of(dir), List.of(), DEBOUNCE, p -> {
            events.add(p);
            throw new IllegalStateException("boom");
        });
        write(dir.resolve("a.txt"), "x");
        await().atMost(WAIT).until(() -> logged.stream().anyMatch(l -> l.contains("boom")));
        control(dir.resolve("b.txt"), dir.resolve("a.txt"));
    }

    @Test
    void anOverflowReportsTheRootAndFindsDirectoriesCreatedMeanwhile() throws Exception {
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Path flood = Files.createDirectories(dir.resolve("flood"));
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Consumer<Path> blocking = p -> {
            blocked.countDown();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        watcher.watch("busy", List.of(busy), List.of(), Duration.ZERO, blocking);
        watcher.watch("app", List.of(flood), List.of(), DEBOUNCE, events::add);
        write(busy.resolve("x"), "x");
        assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 1500; i++) Files.createDirectory(flood.resolve("d" + i)); // a key holds 512
        release.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(watcher.watchedDirs("app")).hasSize(1501));
        // the JDK drops a key's queued events when it overflows: the root is what changed
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly(flood));
        control(flood.resolve("d1499/late.txt"), flood);
    }

    @Test
    void closeStopsTheThread() throws IOException {
        watchDir(List.of(), List.of());
        Thread thread = watcher.thread();
        assertThat(thread.isAlive()).isTrue();
        assertThat(thread.isDaemon()).isTrue();
        watcher.close();
        assertThat(thread.isAlive()).isFalse();
        assertThatThrownBy(() -> watchDir(List.of(), List.of())).isInstanceOf(IllegalStateException.class);
        watcher.close(); // idempotent
    }

    @Test
    void aSpecFromSupervisionTakesTheWatchDelay() {
        WatchSpec spec = WatchSpec.of(jpm.ecosystem.Supervision.DEFAULTS.triggers(), List.of(dir));
        assertThat(spec.roots()).isEmpty();
        assertThat(spec.ignoredPaths()).containsExactly(dir);
        assertThat(spec.debounce()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void noThreadUntilTheFirstWatch() {
        assertThat(watcher.thread()).isNull();
        watcher.unwatch("nothing");
        assertThat(watcher.thread()).isNull();
    }
}
