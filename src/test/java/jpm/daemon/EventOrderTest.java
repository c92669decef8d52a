package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.state.SavedState;
import jpm.ecosystem.AppSpec;
import jpm.home.JpmHome;
import jpm.rpc.Request;
import jpm.rpc.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of events is a contract (docs/events.md): a real supervisor with real children, and
 * for each scenario the exact sequence of event types its app publishes. The apps exec their
 * process or leave no child behind: this JVM is not a subreaper as the daemon is, so an orphan
 * would go to PID 1 and keep its group alive until PID 1 reaps it, whenever that is.
 */
class EventOrderTest {
    @TempDir
    Path dir;

    private Supervisor supervisor;
    private final List<DaemonEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        JpmHome home = new JpmHome(dir.resolve("home"));
        home.prepare();
        supervisor = new Supervisor(home, new Spawner(LogPaths.of(home)), System.getenv(), Clock.systemUTC(), line -> {});
        supervisor.subscribe((event, app, instance) -> events.add(event));
        supervisor.restore(SavedState.empty());
        supervisor.start();
    }

    @AfterEach
    void stop() throws Exception {
        supervisor.stopEverything().get(30, TimeUnit.SECONDS);
        supervisor.close(); // the other tests of this JVM reap their own children
    }

    @Test
    void aCrashLoopRestartsWithBackoffThenErrors() throws Exception {
        AppSpec spec = app("crash", "exit 3");
        spec = spec.withSupervision(spec.supervision().toBuilder().autorestart(true).maxRestarts(2).minUptimeMs(60_000)
                .restartDelayMs(0).build());
        ask(new Request.Start(spec));
        awaitType("crash", "errored");
        assertThat(typesOf("crash")).containsExactly("app_created",
                "starting", "spawned", "online", "exited", "restart_scheduled",
                "starting", "spawned", "online", "exited", "restart_scheduled",
                "starting", "spawned", "online", "exited", "errored");
        assertThat(of("crash", DaemonEvent.Exited.class)).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(3);
            assertThat(e.duringStop()).isFalse();
        });
        assertThat(of("crash", DaemonEvent.RestartScheduled.class)).extracting(DaemonEvent.RestartScheduled::delayMs)
                .containsExactly(100L, 200L);
    }

    @Test
    void aStopThatIsIgnoredEscalatesToSigkill() throws Exception {
        Path trapped = dir.resolve("trapped");
        AppSpec spec = app("stubborn", "trap '' INT TERM\n: > " + trapped + "\nwhile :; do sleep 0.05; done");
        spec = spec.withSupervision(spec.supervision().toBuilder().stopSignal("SIGINT").killTimeoutMs(300).build());
        ask(new Request.Start(spec));
        awaitType("stubborn", "online");
        // online comes at spawn; a stop before the trap is set would just end the shell
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(trapped));
        events.clear();
        ask(new Request.Stop("stubborn"));
        assertThat(typesOf("stubborn")).containsExactly("stop_requested", "kill_escalated", "exited", "stopped");
        assertThat(of("stubborn", DaemonEvent.StopRequested.class)).singleElement()
                .satisfies(e -> assertThat(e.signal()).isEqualTo("SIGINT"));
        assertThat(of("stubborn", DaemonEvent.Exited.class)).singleElement().satisfies(e -> {
            assertThat(e.signal()).isEqualTo("SIGKILL");
            assertThat(e.duringStop()).isTrue();
        });
    }

    @Test
    void aReloadRestartsEachInstanceInTurn() throws Exception {
        ask(new Request.Start(app("web", "exec sleep 1000").withInstances(2)));
        awaitCount("web", "online", 2);
        events.clear();
        ask(new Request.Reload("web"));
        assertThat(typesOf("web")).containsExactly(
                "reload_step", "stop_requested", "exited", "starting", "spawned", "online",
                "reload_step", "stop_requested", "exited", "starting", "spawned", "online");
        assertThat(of("web", DaemonEvent.ReloadStep.class)).extracting(e -> e.subject().instance(), DaemonEvent.ReloadStep::phase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "restarting"), org.assertj.core.groups.Tuple.tuple(1, "restarting"));
    }

    @Test
    void aDeleteStopsForgetsAndRemovesTheApp() throws Exception {
        ask(new Request.Start(app("gone", "exec sleep 1000")));
        awaitType("gone", "online");
        events.clear();
        ask(new Request.Delete("gone"));
        assertThat(typesOf("gone")).containsExactly("stop_requested", "exited", "stopped", "deleted", "app_removed");
    }

    @Test
    void anUnhealthyInstanceIsRestartedWithTheHealthCause() throws Exception {
        Path flag = dir.resolve("up");
        Files.writeString(flag, "");
        AppSpec spec = probed(app("probed", "exec sleep 1000"), List.of("test", "-f", flag.toString()), 2, 5);
        ask(new Request.Start(spec));
        awaitType("probed", "health");
        assertThat(of("probed", DaemonEvent.Health.class)).singleElement().satisfies(h -> {
            assertThat(h.from()).isEqualTo("starting");
            assertThat(h.to()).isEqualTo("healthy");
            assertThat(h.cause()).isEqualTo("exec test -f " + flag + ": exit code 0");
        });
        events.clear();
        Files.delete(flag);
        awaitType("probed", "starting");
        Files.writeString(flag, "");
        awaitType("probed", "health");
        awaitCount("probed", "health", 2);
        assertThat(typesOf("probed")).containsExactly("health", "stop_requested", "exited", "starting", "spawned", "online", "health");
        assertThat(of("probed", DaemonEvent.Health.class)).extracting(DaemonEvent.Health::from, DaemonEvent.Health::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple("healthy", "unhealthy"), org.assertj.core.groups.Tuple.tuple("starting", "healthy"));
        assertThat(of("probed", DaemonEvent.StopRequested.class)).singleElement()
                .satisfies(e -> assertThat(e.cause()).isEqualTo("health: exec test -f " + flag + ": exit code 1"));
        assertThat(of("probed", DaemonEvent.Starting.class)).singleElement().satisfies(e -> assertThat(e.restart()).isTrue());
    }

    @Test
    void anInstanceThatIsNeverHealthyBacksOffThenErrors() throws Exception {
        ask(new Request.Start(probed(app("sick", "exec sleep 1000"), List.of("false"), 1, 1)));
        awaitType("sick", "errored");
        assertThat(typesOf("sick")).containsExactly("app_created",
                "starting", "spawned", "online", "health", "stop_requested", "exited", "restart_scheduled",
                "starting", "spawned", "online", "health", "stop_requested", "exited", "errored");
        assertThat(of("sick", DaemonEvent.Errored.class)).singleElement().satisfies(e -> assertThat(e.cause())
                .isEqualTo("never healthy: exec false: exit code 1; gave up after 1 restarts"));
    }

    /** {@code spec} with an exec probe every 100 ms. */
    private static AppSpec probed(AppSpec spec, List<String> command, int retries, int maxRestarts) {
        return spec.withSupervision(spec.supervision().toBuilder().maxRestarts(maxRestarts)
                .health(new jpm.ecosystem.Supervision.HealthCheck(null, null, command, 100, 2000, retries, 0, "restart")).build());
    }

    @Test
    void anAppWaitsForItsDependencyThenStarts_andAStopOfBothGoesDependentFirst() throws Exception {
        AppSpec api = app("api", "exec sleep 1000");
        api = api.withSupervision(api.supervision().toBuilder().dependsOn(java.util.Map.of("default/db", "started")).build());
        ask(new Request.Start(api));
        assertThat(typesOf("api")).containsExactly("app_created", "waiting");
        assertThat(of("api", DaemonEvent.Waiting.class).getFirst().cause()).isEqualTo("waiting for db (started)");
        ask(new Request.Start(app("db", "exec sleep 1000")));
        awaitType("api", "online");
        assertThat(typesOf("api")).containsExactly("app_created", "waiting", "starting", "spawned", "online");
        // db was online before api started
        assertThat(events.indexOf(of("db", DaemonEvent.Online.class).getFirst()))
                .isLessThan(events.indexOf(of("api", DaemonEvent.Starting.class).getFirst()));
        events.clear();
        ask(new Request.Stop("all"));
        assertThat(events.indexOf(of("api", DaemonEvent.Stopped.class).getFirst()))
                .isLessThan(events.indexOf(of("db", DaemonEvent.StopRequested.class).getFirst()));
    }

    @Test
    void aWaitingAppWhoseDependsOnIsRemovedStarts() throws Exception {
        AppSpec plain = app("api", "exec sleep 1000");
        AppSpec api = plain.withSupervision(plain.supervision().toBuilder().dependsOn(java.util.Map.of("default/db", "started")).build());
        ask(new Request.Start(api));
        assertThat(typesOf("api")).containsExactly("app_created", "waiting");
        long generation = ((Response.Observed) supervisor.handle(new Request.Observe()).get(30, TimeUnit.SECONDS)).generation();
        ask(new Request.Execute(generation, List.of(new jpm.rpc.Change.Update(plain, null)), true));
        awaitType("api", "online");
        assertThat(typesOf("api")).containsExactly("app_created", "waiting", "app_updated", "starting", "spawned", "online");
    }

    private AppSpec app(String name, String body) throws Exception {
        Path script = dir.resolve(name + ".sh");
        Files.writeString(script, body + "\n");
        return AppSpec.of(name, script.toString(), dir.toString());
    }

    private void ask(Request r) throws Exception {
        Response answer = supervisor.handle(r).get(30, TimeUnit.SECONDS);
        assertThat(answer).isNotInstanceOf(Response.Failure.class);
    }

    private List<String> typesOf(String app) {
        return events.stream().filter(e -> e.subject().name().equals(app)).map(DaemonEvent::type).toList();
    }

    private <T extends DaemonEvent> List<T> of(String app, Class<T> type) {
        return events.stream().filter(e -> e.subject().name().equals(app)).filter(type::isInstance).map(type::cast).toList();
    }

    private void awaitType(String app, String type) throws InterruptedException {
        awaitCount(app, type, 1);
    }

    private void awaitCount(String app, String type, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (typesOf(app).stream().filter(type::equals).count() < n && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(typesOf(app)).filteredOn(type::equals).hasSizeGreaterThanOrEqualTo(n);
    }
}
