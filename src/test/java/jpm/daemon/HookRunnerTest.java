package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jpm.Intervals;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Supervision;
import jpm.json.Json;
import jpm.os.ExitWatcher;
import jpm.os.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook runner with real processes, a real loop, exit watcher and timers: what runs, how many at once, and the timeout. */
class HookRunnerTest {
    static final Instant AT = Instant.parse("2026-12-04T06:30:00.125Z");

    @TempDir
    Path dir;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final EventBus bus = new EventBus();
    private final EventLoop loop = new EventLoop(log::add, () -> { });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private ExitWatcher exits;

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private App app(Map<String, List<String>> hooks) {
        AppSpec spec = AppSpec.of("web", "app.sh", dir.toString());
        spec = new AppSpec(spec.name(), "shop", 1, spec.launch(), Supervision.DEFAULTS.toBuilder().hooks(hooks).build());
        return new App(spec, List.of("/bin/true"), null);
    }

    private void runner(HookLimits limits) throws Exception {
        exits = ExitWatcher.start("test-exits", log::add);
        new HookRunner(limits, new Spawner(null), exits, bus, timers, loop::post, Map.of("PATH", "/usr/bin:/bin"), dir.toString(),
                log::add);
        loop.start("test-loop");
    }

    private static DaemonEvent errored(int instance) {
        return new DaemonEvent.Errored(new Subject("shop", "web", (long) instance, instance, null), AT, "too many unstable restarts");
    }

    @Test
    void theCommandIsTheOneTheAppNamesForTheEventsType() {
        App app = app(Map.of("errored", List.of("/bin/notify", "ops"), "app_created", List.of("logger")));
        assertThat(HookRunner.commandFor(errored(0), app)).containsExactly("/bin/notify", "ops");
        assertThat(HookRunner.commandFor(new DaemonEvent.AppCreated(new Subject("shop", "web", null, null, null), AT, "", null, 1), app))
                .containsExactly("logger");
        assertThat(HookRunner.commandFor(new DaemonEvent.Stopped(new Subject("shop", "web", 1L, 0, 7L), AT, ""), app)).isNull();
        assertThat(HookRunner.commandFor(errored(0), app(Map.of()))).isNull();
        assertThat(HookRunner.commandFor(errored(0), null)).as("an event without a live app").isNull();
        assertThat(HookRunner.label(errored(2))).isEqualTo("hook errored shop/web#2");
        assertThat(HookRunner.label(new DaemonEvent.AppRemoved(new Subject("shop", "web", null, null, null), AT, "")))
                .isEqualTo("hook app_removed shop/web");
    }

    @Test
    void theHookGetsTheEventOnStdinAndInItsEnvironmentAndItsOutputIsLogged() throws Exception {
        runner(HookLimits.DEFAULTS);
        Path out = dir.resolve("event.json");
        App app = app(Map.of("errored", List.of("/bin/sh", "-c", "cat > \"$0.tmp\"; env > \"$0.env\"; mv \"$0.tmp\" \"$0\"; echo said on stdout;"
                + " echo said on stderr >&2; exit 3", out.toString())));
        loop.post(() -> bus.publish(errored(0), app, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out));
        assertThat(Json.parse(Files.readString(out))).isEqualTo(Json.parse(EventJson.line(errored(0))));
        assertThat(Files.readAllLines(Path.of(out + ".env"))).contains("JPM_EVENT_TYPE=errored", "JPM_EVENT_NAME=web",
                "JPM_EVENT_INSTANCE=0", "JPM_EVENT_CAUSE=too many unstable restarts", "JPM_HOME=" + dir).doesNotContain("JPM_EVENT_PID=");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log).contains(
                "hook errored shop/web#0: said on stdout", "hook errored shop/web#0: said on stderr", "hook errored shop/web#0: exited with code 3"));
    }

    @Test
    void aBurstRunsAtMostTheCapAtOnceQueuesUpToTheBoundAndCountsTheRest() throws Exception {
        runner(new HookLimits(Duration.ofSeconds(10), 2, 3));
        Path intervals = dir.resolve("intervals");
        App app = app(Map.of("errored", List.of("/bin/sh", "-c", "s=$(date +%s%N); sleep 0.2; echo \"$s $(date +%s%N)\" >> \"$0\"",
                intervals.toString())));
        loop.post(() -> {
            for (int i = 0; i < 20; i++) bus.publish(errored(i), app, null);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log)
                .contains("hooks: dropped 15 event(s) while the queue was full (15 since the daemon started)"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(intervals) && Files.readAllLines(intervals).size() == 5);
        assertThat(Intervals.maxOverlap(Files.readAllLines(intervals))).isEqualTo(2);
    }

    @Test
    void aHookThatIgnoresSigtermIsKilledAfterItsTimeoutAndTheLoopNeverWaits() throws Exception {
        runner(new HookLimits(Duration.ofMillis(300), 4, 10));
        Path pid = dir.resolve("pid");
        App app = app(Map.of("errored", List.of("/bin/sh", "-c", "trap '' TERM; echo $$ > \"$0\"; while :; do sleep 0.1; done",
                pid.toString())));
        loop.post(() -> bus.publish(errored(0), app, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        long hook = Long.parseLong(Files.readString(pid).strip());
        // meanwhile the loop answers at once
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        loop.post(() -> answered.complete(true));
        assertThat(answered.get(1, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcFs.stat(hook).map(ProcFs.Stat::zombie).orElse(true));
        assertThat(log).contains("hook errored shop/web#0: still running after 300 ms (JPM_HOOK_TIMEOUT): SIGTERM to its process group " + hook,
                "hook errored shop/web#0: still running 2000 ms after SIGTERM: SIGKILL");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log)
                .contains("hook errored shop/web#0: killed by SIGKILL after its timeout"));
    }

    @Test
    void aProgramThatCannotStartIsLoggedAndFreesItsSlot() throws Exception {
        runner(new HookLimits(Duration.ofSeconds(10), 1, 10));
        Path ran = dir.resolve("ran");
        App broken = app(Map.of("errored", List.of("/nonexistent/notify")));
        App fine = app(Map.of("errored", List.of("/bin/sh", "-c", "touch \"$0\"", ran.toString())));
        loop.post(() -> {
            bus.publish(errored(0), broken, null);
            bus.publish(errored(1), fine, null);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ran));
        assertThat(log).anyMatch(l -> l.startsWith("hook errored shop/web#0: cannot start /nonexistent/notify: "));
    }
}
