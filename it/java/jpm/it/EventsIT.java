package jpm.it;

import static jpm.it.EventSubscriber.cast;
import static jpm.it.EventSubscriber.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.json.Json;
import jpm.rpc.ErrorCode;
import jpm.rpc.Frames;
import jpm.rpc.Protocol;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import jpm.rpc.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bus as clients see it: `jpm events` and the subscribe request, against a real daemon and real children. */
class EventsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    private static final Duration WAIT = Duration.ofSeconds(30);

    Path socket() {
        return JpmHome.resolve(jpm.home().toString(), Map.of()).socket();
    }

    @Test
    void aCrashLoopStreamsExactlyTheDocumentedEvents() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber all = new EventSubscriber(socket(), null); EventSubscriber errors = new EventSubscriber(socket(), "crash", "errored")) {
            jpm.jpm("start", "--name", "crash", "--max-restarts", "2", JpmHomeFixture.fixture("exit3.sh").toString());
            await().atMost(WAIT).until(() -> all.types("crash").contains("errored"));
            List<String> run = List.of("starting", "spawned", "online", "exited");
            List<String> expected = new ArrayList<>(List.of("app_created"));
            expected.addAll(run);
            expected.add("restart_scheduled");
            expected.addAll(run);
            expected.add("restart_scheduled");
            expected.addAll(run);
            expected.add("errored");
            assertThat(all.types("crash")).isEqualTo(expected);
            List<Map<String, Object>> exits = all.events().stream().filter(e -> e.get("type").equals("exited")).toList();
            assertThat(exits).extracting(e -> e.get("code")).containsOnly(3L);
            assertThat(exits).extracting(e -> subject(e).get("pid")).doesNotContainNull().doesNotHaveDuplicates();
            List<Map<String, Object>> delays = all.events().stream().filter(e -> e.get("type").equals("restart_scheduled")).toList();
            assertThat(delays).extracting(e -> e.get("delay_ms")).containsExactly(100L, 200L);
            await().atMost(WAIT).until(() -> errors.types("crash").equals(List.of("errored")));
            assertThat(all.notEvents()).isEmpty();
        }
    }

    @Test
    void aStopThatEscalatesAndADeleteStreamInOrder() throws Exception {
        jpm.jpm("start", "--name", "stubborn", "--kill-timeout", "300", JpmHomeFixture.fixture("stubborn.sh").toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "stubborn")) {
            jpm.jpm("stop", "stubborn").ok();
            await().atMost(WAIT).until(() -> s.types("stubborn").contains("stopped"));
            assertThat(s.types("stubborn")).containsExactly("stop_requested", "kill_escalated", "exited", "stopped");
            Map<String, Object> exited = s.events().stream().filter(e -> e.get("type").equals("exited")).findFirst().orElseThrow();
            assertThat(exited).containsEntry("signal", "SIGKILL").containsEntry("during_stop", true);

            jpm.jpm("start", "stubborn").ok();
            jpm.jpm("delete", "stubborn").ok();
            await().atMost(WAIT).until(() -> s.types("stubborn").contains("app_removed"));
            List<String> types = s.types("stubborn");
            assertThat(types.subList(types.lastIndexOf("deleted") - 1, types.size())).containsExactly("stopped", "deleted", "app_removed");
        }
    }

    @Test
    void aReloadStreamsItsStepsPerInstance() throws Exception {
        jpm.jpm("start", "--name", "web", "-i", "2", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        try (EventSubscriber s = new EventSubscriber(socket(), "web")) {
            jpm.jpm("reload", "web").ok();
            await().atMost(WAIT).until(() -> s.types("web").stream().filter("online"::equals).count() == 2);
            List<String> perInstance = List.of("reload_step", "stop_requested", "exited", "starting", "spawned", "online");
            List<String> expected = new ArrayList<>(perInstance);
            expected.addAll(perInstance);
            assertThat(s.types("web")).isEqualTo(expected);
        }
    }

    @Test
    void theCliPrintsLinesForPeopleAndJsonLinesForScripts() throws Exception {
        jpm.jpm("ping").ok();
        try (Cli human = new Cli("later"); Cli json = new Cli("later", "--json", "--type", "online,deleted")) {
            human.awaitSubscribed();
            json.awaitSubscribed();
            jpm.jpm("start", "--name", "later", JpmHomeFixture.fixture("hello.sh").toString()).ok();
            jpm.jpm("delete", "later").ok();
            await().atMost(WAIT).until(() -> json.lines().size() == 2 && human.lines().stream().anyMatch(l -> l.contains("app_removed")));
            assertThat(json.lines()).extracting(l -> cast(Json.parse(l)).get("type")).containsExactly("online", "deleted");
            assertThat(cast(Json.parse(json.lines().get(0)))).containsKeys("subject", "at", "cause");
            assertThat(human.lines()).anySatisfy(l -> assertThat(l).matches("\\S+Z  default/later#0 id \\d+ pid \\d+  online  \\(.*\\)"));
            assertThat(String.join("\n", human.lines())).doesNotContain("\u001b"); // not a terminal: no colors
        }
        JpmHomeFixture.Result bad = jpm.jpm("events", "--type", "crashed");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown event type 'crashed'").contains("errored");
    }

    @Test
    void aSubscriberThatNeverReadsIsCutOffWhileOthersGetEverything() throws Exception {
        // a small queue, so a stalled reader overflows it within seconds of a crash loop
        jpm.jpmWithEnv(Map.of("JPM_EVENT_QUEUE", "1000"), "ping").ok();
        long daemon = jpm.daemonPid();
        long rssBefore = rssKib(daemon);
        RpcClient stalled = RpcClient.connect(socket(), "it-stalled");
        stalled.send(new Request.Subscribe(null, List.of()));
        try (EventSubscriber reader = new EventSubscriber(socket(), "loop")) {
            // a tight crash loop: every run counts as stable (min_uptime 0), so it never backs off or gives up
            jpm.jpm("start", "--name", "loop", "-i", "4", "--min-uptime", "0", "--max-restarts", "0",
                    JpmHomeFixture.fixture("exit3.sh").toString()).ok();
            // at least 30 s, and until far more events passed than the stalled subscriber's socket and
            // queue hold and its gap may grow to (a busy machine crash-loops slower)
            long started = System.nanoTime();
            long maxRss = 0;
            while (System.nanoTime() - started < Duration.ofSeconds(30).toNanos()
                    || reader.events().size() < 5_000 && System.nanoTime() - started < Duration.ofSeconds(150).toNanos()) {
                Thread.sleep(1000);
                maxRss = Math.max(maxRss, rssKib(daemon));
                assertThat(jpm.jpm("ls").exit()).isZero();
            }
            jpm.jpm("stop", "loop").ok();
            long exits = reader.events().stream().filter(e -> e.get("type").equals("exited")).count();
            assertThat(reader.events()).as("events seen by the reading subscriber").hasSizeGreaterThan(5_000);
            assertThat(reader.notEvents()).as("a subscriber that keeps up misses nothing").isEmpty();
            // every exit of every instance was seen, in the order of its pids
            int restarts = jpm.jlist().stream().mapToInt(i -> ((Long) i.get("restarts")).intValue()).sum();
            assertThat(exits).isBetween((long) restarts, (long) restarts + 4);
            assertThat(maxRss - rssBefore).as("daemon RSS growth, KiB").isLessThan(150 * 1024);
        }
        // the stalled one was cut off: what the socket still holds, then the end of the stream
        List<Response> got = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            try {
                for (Response r = stalled.read(); r != null; r = stalled.read()) got.add(r);
            } catch (java.io.EOFException e) {
                // cut off while a frame was on its way: the writer was blocked on this reader
            }
        });
        stalled.close();
        assertThat(got.getFirst()).isInstanceOf(Response.Subscribed.class);
        assertThat(got.stream().filter(r -> r instanceof Response.Event).count()).isLessThan(5_000);
        assertThat(jpm.jpm("ping").exit()).isZero();
    }

    @Test
    void aHundredSubscribersAtOnceSomeKilledMidStream() throws Exception {
        jpm.jpm("ping").ok();
        List<EventSubscriber> subs = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) subs.add(new EventSubscriber(socket(), null));
            jpm.jpm("start", "--name", "many", JpmHomeFixture.fixture("hello.sh").toString()).ok();
            for (int i = 0; i < 100; i += 2) subs.get(i).close(); // half of them leave without a word
            jpm.jpm("stop", "many").ok();
            for (int i = 1; i < 100; i += 2) {
                EventSubscriber s = subs.get(i);
                await().atMost(WAIT).until(() -> s.types("many").contains("stopped"));
                assertThat(s.types("many")).containsExactly("app_created", "starting", "spawned", "online", "stop_requested",
                        "exited", "stopped");
            }
            assertThat(jpm.jpm("ping").exit()).isZero();
        } finally {
            for (EventSubscriber s : subs) s.close();
        }
    }

    @Test
    void anythingSentAfterSubscribeEndsThatStreamAndNothingElse() throws Exception {
        jpm.jpm("ping").ok();
        try (EventSubscriber other = new EventSubscriber(socket(), null);
             SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket()));
            Frames.write(c, WireCodec.encode(new Request.Hello(Protocol.VERSION, "it-garbage")));
            assertThat(read(c)).isInstanceOf(Response.Welcome.class);
            Frames.write(c, WireCodec.encode(new Request.Subscribe(null, List.of())));
            assertThat(read(c)).isInstanceOf(Response.Subscribed.class);
            Frames.write(c, "{\"type\":\"ping\"} and garbage");
            Response last = null;
            for (Response r = read(c); r != null; r = read(c)) last = r;
            assertThat(last).isInstanceOfSatisfying(Response.Failure.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            jpm.jpm("start", "--name", "after", JpmHomeFixture.fixture("hello.sh").toString()).ok();
            await().atMost(WAIT).until(() -> other.types("after").contains("online"));
        }
    }

    /** `jpm events` as a user runs it, its output collected as it comes. */
    final class Cli implements AutoCloseable {
        final Process process;
        final List<String> out = new ArrayList<>();
        final List<String> err = new ArrayList<>();

        Cli(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(JpmHomeFixture.BIN.toString(), "events"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("JPM_HOME", jpm.home().toString());
            pb.environment().remove("NO_COLOR");
            process = pb.start();
            collect(process.getInputStream(), out);
            collect(process.getErrorStream(), err);
        }

        private void collect(java.io.InputStream in, List<String> into) {
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        synchronized (into) {
                            into.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** A target that names nothing yet makes the CLI say so once it is subscribed. */
        void awaitSubscribed() {
            await().atMost(WAIT).until(() -> {
                synchronized (err) {
                    return err.stream().anyMatch(l -> l.contains("yet"));
                }
            });
        }

        List<String> lines() {
            synchronized (out) {
                return List.copyOf(out);
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    static Response read(SocketChannel c) throws IOException {
        byte[] body = Frames.readBody(c, Frames.Progress.NONE);
        return body == null ? null : WireCodec.decodeResponse(body);
    }

    static long rssKib(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        }
        return 0;
    }
}
