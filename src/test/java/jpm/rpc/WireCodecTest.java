package jpm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    static final AppSpec SPEC = new AppSpec("web api: v2", "shop", 3,
            new Launch("server.py", List.of("--port", "80 80"), "/srv/app", "python3", List.of("-u"), Map.of("B", "2", "A", "x=y"),
                    "INSTANCE", "PORT", "cluster", "/var/log/o.log", null, null, true, true, "YYYY", "json", 8080, "127.0.0.1", "nobody", "65534", "message"),
            Supervision.builder().autorestart(false).maxRestarts(5).minUptimeMs(3000).restartDelayMs(250)
                    .expBackoffRestartDelayMs(100).killTimeoutMs(2500).stopSignal("SIGINT").stopExitCodes(List.of(0, 3))
                    .maxMemoryRestartBytes(200 << 20).cronRestart("0 3 * * *").watch(List.of("/srv/app"))
                    .ignoreWatch(List.of("node_modules")).watchDelayMs(500).logMaxSizeBytes(10L << 20).logRetain(3)
                    .logCompress(true).waitReady(true).listenTimeoutMs(5000).build());
    static final InstanceInfo RUNNING = new InstanceInfo(7, "web", "default", 2, 1234L, jpm.rpc.InstanceStatus.ONLINE, 3, 1, 5000L, 12.5,
            1 << 20, null, null, null, "/h/logs/web-2-out.log", "/h/logs/web-2-error.log");
    static final InstanceInfo STOPPED = new InstanceInfo(8, "web", "default", 3, null, jpm.rpc.InstanceStatus.STOPPED, 0, 0, null, 0, 0,
            143, "SIGTERM", "stopped by request", "/o", "/e");
    static final InstanceInfo WAITING = new InstanceInfo(9, "web", "default", 4, null, jpm.rpc.InstanceStatus.WAITING_RESTART, 3, 3, null, 0, 0,
            1, null, "exited with code 1; restarting in 400 ms", "/o", "/e", 400L);

    static final List<Request> REQUESTS = List.of(
            new Request.Hello(1, "test"), new Request.Ping(), new Request.Start(SPEC), new Request.StartKnown("web"), new Request.Stop("web"),
            new Request.Restart("all"), new Request.Reload("web"), new Request.Delete("3"), new Request.ListInstances(), new Request.Metrics(),
            new Request.Subscribe(null, List.of()), new Request.Subscribe("web", List.of("exited", "errored")),
            new Request.Describe("shop", true), new Request.Kill(), new Request.Update(), new Request.Flush("all"), new Request.ReloadLogs(), new Request.Observe(), new Request.Reset("web"),
            new Request.SendSignal("SIGUSR2", "web"), new Request.Send("web", Map.of("type", "action", "data", List.of(1L, "x"))),
            new Request.Send("3", "hello"), new Request.Save(), new Request.Resurrect(),
            new Request.Execute(7, List.of(new Change.Create(SPEC, "/srv/eco.yaml"), new Change.Replace(SPEC, null),
                    new Change.Scale("shop", "web", 4), new Change.Scale("shop", "web", 2, "/srv/eco.yaml"), new Change.Update(SPEC, "/x.yaml"), new Change.Remove("shop", "old"),
                    new Change.Resume("shop", "web"))), new Request.Execute(8, List.of(new Change.Update(SPEC, "/b.yaml")), true),
            new Request.Execute(9, List.of(new Change.Scale("shop", "web", 1)), false, new RevisionDraft("/srv/eco.yaml", List.of(SPEC),
                    new RevisionSource("sync", "shop", new GitCommit("0123456789abcdef0123", "main", true, "/srv/repo.git")), "1 to scale")),
            new Request.History("/srv/eco.yaml", null, true), new Request.History(null, "shop/web", false),
            new Request.SyncAdd("https://git.example/shop.git", "deploy/eco.yaml", "main", "1m", true, "shop", "production"),
            new Request.SyncAdd("/srv/repo.git", "eco.yaml", null, null, false, null, null), new Request.SyncList(),
            new Request.SyncRemove("shop"), new Request.SyncNow(null, false), new Request.SyncNow("shop", true));

    static final Revision REVISION = new Revision(3, "/srv/eco.yaml", "ab12", "2026-01-01T00:00:00Z", "alice",
            new RevisionSource("rollback", "to 1", null), "1 to restart", List.of(SPEC));
    static final List<Response> RESPONSES = List.of(
            new Response.Welcome(1, "0.1.0", 99), new Response.Pong(99, 1000, "0.1.0", 2, 5, 1234, "jpm-0123abcd.jar"), new Response.HandedOver(99, 3, true),
            new Response.Instances(List.of(RUNNING, STOPPED, WAITING)), new Response.Instances(List.of()),
            new Response.Describe(List.of(new AppDetail(SPEC, List.of("/usr/bin/python3", "-u", "/srv/app/server.py"), List.of(RUNNING),
                    List.of(new InstanceDetail(7, "2026-01-01T00:00:01Z", List.of(new TransitionRecord("2026-01-01T00:00:00Z", "online",
                            "waiting-restart", "exit code 1"))))))),
            new Response.Done("bye"), new Response.Failure(ErrorCode.NOT_FOUND, "no app 'x'"),
            new Response.Observed(3, List.of(new ObservedApp(SPEC, "/srv/eco.yaml", SPEC.launch().hash(), List.of(RUNNING)),
                    new ObservedApp(SPEC.withNamespace("blog"), null, "x", List.of()))),
            new Response.Observed(4, List.of(new ObservedApp(SPEC, null, "x", List.of(STOPPED),
                    new LastApply("/srv/eco.yaml", 2, java.time.Instant.parse("2026-01-01T10:00:00Z")),
                    new LastChange("jpm start --take-over", "alice", java.time.Instant.parse("2026-01-01T11:00:00Z")),
                    java.time.Instant.parse("2026-01-01T11:30:00Z"))),
                    List.of(new RemovedApp("shop/old", "/srv/eco.yaml", "jpm delete", "alice", java.time.Instant.parse("2026-01-01T12:00:00Z")))),
            new Response.Executed(8), new Response.Executed(9, 4), new Response.History(List.of(REVISION, REVISION.withoutApps())),
            new Response.Describe(List.of(new AppDetail(SPEC, List.of("x"), List.of(RUNNING.withHealth("healthy")), List.of(), List.of(),
                    REVISION.withoutApps()))), new Response.Subscribed(null), new Response.Subscribed("nothing yet"),
            new Response.Event(Map.of("type", "exited", "subject", Map.of("name", "web", "id", 3L), "code", 1L, "signal", List.of())),
            new Response.Dropped(12),
            new Response.SyncSources(List.of(new SyncSourceInfo("shop", "/srv/repo.git", "main", "eco.yaml", 60_000, false, null, "failed",
                    "79363a89fb5a9b92c47d609ac8f62523c8e741d9", "2026-12-04T13:11:11Z", "ad058c3dc5083bdeebf58dc343d19edeb772189e",
                    "2026-12-04T13:11:18Z", "ad058c3dc5083bdeebf58dc343d19edeb772189e", "eco.yaml:4:16: /apps/0/instances: invalid value",
                    null, "commit ad058c3dc508 failed; 79363a89fb5a runs"))), new Response.SyncSources(List.of()),
            new Response.Metrics(new DaemonFigures(99, "0.1.0", 1000, 2, 5, 40 << 20, 1230, 1234, "http://127.0.0.1:9615/metrics", null),
                    List.of(RUNNING.withCpuTimeMs(4560L), STOPPED)));

    @Test
    void everyRequestTypeRoundTrips() {
        for (Request r : REQUESTS) assertThat(WireCodec.decodeRequest(WireCodec.encode(r))).isEqualTo(r);
        assertThat(types(REQUESTS)).isEqualTo(permitted(Request.class));
    }

    @Test
    void everyResponseTypeRoundTrips() {
        for (Response r : RESPONSES) assertThat(WireCodec.decodeResponse(WireCodec.encode(r))).isEqualTo(r);
        assertThat(types(RESPONSES)).isEqualTo(permitted(Response.class));
    }

    /** The writer that walks the records gives the very text of the tree's, for every message. */
    @Test
    void encodingWritesTheTextOfTheTree() {
        for (Request r : REQUESTS) assertThat(WireCodec.encode(r)).as(r.toString()).isEqualTo(jpm.json.Json.write(WireCodec.toTree(r, Request.class)));
        for (Response r : RESPONSES) assertThat(WireCodec.encode(r)).as(r.toString()).isEqualTo(jpm.json.Json.write(WireCodec.toTree(r, Response.class)));
        // escapes, and values of Object type (an app's message) with records inside
        Response odd = new Response.Event(Map.of("type", "log", "line", "a \"quoted\"\tline\u0007\u0085é\\", "n", List.of(1.5, Double.NaN, -0L)));
        assertThat(WireCodec.encode(odd)).isEqualTo(jpm.json.Json.write(WireCodec.toTree(odd, Response.class)));
    }

    @Test
    void wireFormIsSnakeCaseWithATypeTag() {
        String json = WireCodec.encode(new Response.Instances(List.of(STOPPED)));
        assertThat(json).startsWith("{\"type\":\"instances\",\"instances\":[{\"id\":8,")
                .contains("\"unstable_restarts\":0").contains("\"uptime_ms\":null").contains("\"exit_signal\":\"SIGTERM\"");
        assertThat(WireCodec.encode(new Request.ListInstances())).isEqualTo("{\"type\":\"list_instances\"}");
    }

    /** Supervision's policies are unwrapped: the wire keeps one flat object, as docs/protocol.md lists it. */
    @Test
    void supervisionIsOneFlatObjectOnTheWire() {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) jpm.json.Json.parse(WireCodec.encode(new Request.Start(SPEC)))).get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> supervision = (Map<String, Object>) spec.get("supervision");
        assertThat(supervision.keySet()).containsExactly("autorestart", "max_restarts", "min_uptime_ms", "restart_delay_ms",
                "exp_backoff_restart_delay_ms", "kill_timeout_ms", "stop_signal", "stop_exit_codes", "max_memory_restart_bytes",
                "cron_restart", "watch", "ignore_watch", "watch_delay_ms", "log_max_size_bytes", "log_retain", "log_compress",
                "wait_ready", "listen_timeout_ms", "hooks", "health", "depends_on", "restart_dependents");
        assertThat(supervision).containsEntry("max_restarts", 5L).containsEntry("stop_signal", "SIGINT").containsEntry("log_retain", 3L);
        // a missing primitive of a policy is refused like any other
        String noRetries = WireCodec.encode(new Request.Start(SPEC)).replace("\"max_restarts\":5,", "");
        assertThatThrownBy(() -> WireCodec.decodeRequest(noRetries)).isInstanceOf(WireException.class).hasMessageContaining("max_restarts");
        // and a value a policy refuses names the field
        String negative = WireCodec.encode(new Request.Start(SPEC)).replace("\"log_retain\":3", "\"log_retain\":-1");
        assertThatThrownBy(() -> WireCodec.decodeRequest(negative)).isInstanceOf(WireException.class).hasMessageContaining("log_retain");
    }

    @Test
    void malformedMessagesAreWireExceptionsNotCrashes() {
        for (String bad : List.of("[]", "{}", "{\"type\":\"nope\"}", "{\"type\":\"stop\",\"target\":5}",
                "{\"type\":\"hello\",\"client\":\"x\"}", "{\"type\":\"hello\",\"protocol\":1e99}",
                "{\"type\":\"start\",\"spec\":{\"name\":\"../x\"}}", "not json",
                "{\"type\":\"start\",\"spec\":{\"name\":\"x\",\"instances\":1,\"launch\":{\"script\":\"a\",\"cwd\":\"rel\"}}}", "{\"type\":\"start\",\"spec\":[]}",
                "{\"type\":\"stop\"}", "{\"type\":\"delete\",\"target\":null}", "{\"type\":\"start\"}",
                "{\"type\":\"describe\",\"show_env\":true}")) {
            assertThatThrownBy(() -> WireCodec.decodeRequest(bad)).as(bad).isInstanceOf(WireException.class);
        }
    }

    @Test
    void invalidSpecOnTheWireIsRefusedWithTheRecordsOwnMessage() {
        String json = WireCodec.encode(new Request.Start(SPEC)).replace("\"instances\":3", "\"instances\":0");
        assertThatThrownBy(() -> WireCodec.decodeRequest(json)).isInstanceOf(WireException.class)
                .hasMessageContaining("instances must be between 1");
    }

    @Test
    void aStatusIsWrittenByItsWireNameAndAnUnknownOneIsRefused() {
        String json = WireCodec.encode(new Response.Instances(List.of(WAITING)));
        assertThat(json).contains("\"status\":\"waiting-restart\"");
        assertThatThrownBy(() -> WireCodec.decodeResponse(json.replace("waiting-restart", "asleep")))
                .isInstanceOf(WireException.class).hasMessageContaining("status").hasMessageContaining("asleep");
        assertThatThrownBy(() -> WireCodec.decodeResponse(json.replace("\"waiting-restart\"", "7")))
                .isInstanceOf(WireException.class).hasMessageContaining("expected a string");
    }

    /** cpu_time_ms, health and revision came after the first keys: the answer of a daemon without them still decodes (null). */
    @Test
    void anInstanceWithoutTheLaterKeysDecodes() {
        String json = WireCodec.encode(new Response.Instances(List.of(RUNNING.withCpuTimeMs(4560L).withHealth("healthy"))));
        assertThat(json).contains(",\"next_restart_in_ms\":null,\"cpu_time_ms\":4560,\"health\":\"healthy\",\"revision\":null}");
        Response.Instances old = (Response.Instances) WireCodec.decodeResponse(
                json.replace(",\"cpu_time_ms\":4560,\"health\":\"healthy\",\"revision\":null", ""));
        assertThat(old.instances().getFirst().cpuTimeMs()).isNull();
        assertThat(old.instances().getFirst().health()).isNull();
        assertThat(old.instances().getFirst().revision()).isNull();
    }

    @Test
    void unknownKeysAreIgnoredForForwardCompatibility() {
        assertThat(WireCodec.decodeRequest("{\"type\":\"stop\",\"target\":\"web\",\"added_later\":[1,2]}"))
                .isEqualTo(new Request.Stop("web"));
    }

    @Test
    void everyChangeTypeIsCovered() {
        Request.Execute ex = (Request.Execute) REQUESTS.stream().filter(r -> r instanceof Request.Execute).findFirst().orElseThrow();
        assertThat(types(ex.changes())).isEqualTo(permitted(Change.class));
        assertThat(WireCodec.encode(ex)).contains("{\"type\":\"scale\",\"namespace\":\"shop\",\"name\":\"web\",\"instances\":4,\"file\":null}");
    }

    private static Set<Class<?>> types(List<?> values) {
        return values.stream().map(Object::getClass).collect(Collectors.toSet());
    }

    private static Set<Class<?>> permitted(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses()).collect(Collectors.toSet());
    }
}
