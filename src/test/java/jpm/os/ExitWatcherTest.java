package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jpm.os.PosixSpawn.Fd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit watcher's epoll set against real processes: many at once, reused descriptors, late watches. */
class ExitWatcherTest {
    private static final long TIMEOUT_S = 30;
    private ExitWatcher watcher;

    @TempDir
    Path dir;

    @BeforeEach
    void startWatcher() throws IOException {
        watcher = ExitWatcher.start("test-exits", System.err::println);
    }

    private long spawn(String script) throws IOException {
        Path devnull = Path.of("/dev/null");
        return PosixSpawn.spawn(List.of("/bin/sh", "-c", script), dir, Map.of("PATH", "/usr/bin:/bin"),
                List.of(new Fd.Open(0, devnull, false), new Fd.Open(1, devnull, true), new Fd.Open(2, devnull, true)));
    }

    @Test
    void manyChildrenAtOnceAreEachToldOnceWithTheirOwnStatus() throws Exception {
        int n = 60;
        Map<Long, List<ExitWatcher.Exit>> told = new ConcurrentHashMap<>();
        Map<Long, Integer> expected = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        // all of them watched before the first one may end: the set holds n at once
        Path go = dir.resolve("go");
        for (int i = 0; i < n; i++) {
            long pid = spawn("while [ ! -e " + go + " ]; do sleep 0.05; done; exit " + i);
            expected.put(pid, i);
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            watcher.watchChild(pid, (w, exit) -> {
                told.computeIfAbsent(w.pid(), k -> new ArrayList<>()).add(exit);
                f.complete(null);
            });
        }
        assertThat(watcher.size()).isEqualTo(n);
        Files.writeString(go, "");
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(told.keySet()).isEqualTo(expected.keySet());
        expected.forEach((pid, code) -> assertThat(told.get(pid)).containsExactly(new ExitWatcher.Exit(code, null)));
        assertThat(watcher.size()).isZero();
    }

    @Test
    void oneAfterAnotherReusingTheSameDescriptorNumber() throws Exception {
        // each pidfd is closed before the next is opened, so the kernel hands out the same number:
        // a stale registration in the set would swallow the next exit or report it twice
        for (int i = 0; i < 20; i++) {
            CompletableFuture<ExitWatcher.Exit> done = new CompletableFuture<>();
            watcher.watchChild(spawn("exit " + i), (w, exit) -> done.complete(exit));
            assertThat(done.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(new ExitWatcher.Exit(i, null));
        }
        assertThat(watcher.size()).isZero();
    }

    @Test
    void aChildThatEndedBeforeItWasWatchedIsStillTold() throws Exception {
        long pid = spawn("exit 5");
        while (!zombie(pid)) Thread.onSpinWait();
        CompletableFuture<ExitWatcher.Exit> done = new CompletableFuture<>();
        watcher.watchChild(pid, (w, exit) -> done.complete(exit));
        assertThat(done.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(new ExitWatcher.Exit(5, null));
        assertThat(watcher.reapsChild(pid)).isFalse();
    }

    @Test
    void aProcessThatIsNotOurChildEndsWithoutAStatus() throws Exception {
        Path pidFile = dir.resolve("pid");
        CompletableFuture<ExitWatcher.Exit> parent = new CompletableFuture<>();
        watcher.watchChild(spawn("sleep 60 & echo $! > " + pidFile), (w, exit) -> parent.complete(exit));
        parent.get(TIMEOUT_S, TimeUnit.SECONDS);
        long other = Long.parseLong(Files.readString(pidFile).trim());
        CompletableFuture<ExitWatcher.Exit> done = new CompletableFuture<>();
        assertThat(watcher.watchOther(other, (w, exit) -> done.complete(exit))).isPresent();
        assertThat(watcher.reapsChild(other)).isFalse();
        Signals.signalProcess(other, "SIGKILL");
        assertThat(done.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(new ExitWatcher.Exit(null, null));
    }

    private static boolean zombie(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }
}
