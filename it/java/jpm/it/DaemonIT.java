package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import jpm.json.Json;
import jpm.os.ProcFs;
import jpm.rpc.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daemon's life: connect-or-spawn, single instance, stale files, hostile peers, modes. */
class DaemonIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @Test
    @SuppressWarnings("unchecked")
    void twentyConcurrentFirstCommandsStartExactlyOneDaemon() throws Exception {
        List<Future<JpmHomeFixture.Result>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) results.add(pool.submit(() -> jpm.jpm("ping", "--json")));
        }
        Set<Long> pids = new java.util.HashSet<>();
        for (Future<JpmHomeFixture.Result> f : results) {
            JpmHomeFixture.Result r = f.get().ok();
            pids.add((Long) ((Map<String, Object>) Json.parse(r.out().strip())).get("pid"));
        }
        assertThat(pids).hasSize(1);
        assertThat(daemonsServing(jpm.home())).containsExactlyElementsOf(pids);
    }

    @Test
    void staleSocketAndPidFileDoNotBlockANewDaemon() throws Exception {
        Files.createDirectories(jpm.home());
        Path socket = jpm.home().resolve("daemon.sock");
        // a socket file nobody listens on, as a daemon killed with SIGKILL leaves behind
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        Files.writeString(jpm.home().resolve("daemon.pid"), "999999\n");

        JpmHomeFixture.Result r = jpm.jpm("ping").ok();
        assertThat(r.out()).contains("pong");
        assertThat(jpm.daemonPid()).isNotEqualTo(999999L);
    }

    @Test
    void daemonKilledWithSigkillIsReplacedByTheNextCommand() throws Exception {
        jpm.jpm("ping").ok();
        long first = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(first)).start().waitFor();
        ProcessHandle.of(first).ifPresent(h -> h.onExit().join());

        jpm.jpm("ping").ok();
        assertThat(jpm.daemonPid()).isNotEqualTo(first);
    }

    /**
     * The daemon runs from JPM_HOME/lib/jpm-BUILD/jpm.jar, and, when the build trained one (mvn
     * package does), with a 0600 copy of the daemon's AOT cache beside it, which the JVM accepts for
     * the copy: the daemon's own classes come from it.
     */
    @Test
    void daemonRunsFromAPrivateCopyOfTheJarSoRebuildsCannotBreakIt() throws Exception {
        Path classLog = Files.createTempFile("jpm-it-classes-", ".log");
        try {
            jpm.jpmWithEnv(Map.of("JPM_DAEMON_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "ping").ok();
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(jpm.daemonPid()), "cmdline"))).replace('\0', ' ');
            String lib = jpm.home().resolve("lib").toString();
            assertThat(cmdline).containsPattern(" -cp " + lib + "/jpm-[0-9a-f]+-[0-9a-f]+/jpm\\.jar ")
                    .doesNotContain(JpmHomeFixture.JAR.toString());
            if (trainedBuild()) {
                assertThat(cmdline).containsPattern(" -XX:AOTCache=" + lib + "/jpm-[0-9a-f]+-[0-9a-f]+/jpm-daemon\\.aot ");
                assertThat(Files.readString(classLog)).contains("jpm.daemon.Supervisor source: shared objects file");
            } else {
                assertThat(cmdline).contains(" -Xshare:auto ");
            }
        } finally {
            Files.deleteIfExists(classLog);
        }
    }

    @Test
    void allOnAnEmptyDaemonIsNotAMistake() {
        assertThat(jpm.jpm("delete", "all").ok().out()).contains("deleted 0 instances");
        assertThat(jpm.jpm("stop", "all").exit()).isZero();
        assertThat(jpm.jpm("describe", "all").exit()).isZero();
    }

    @Test
    void secondForegroundDaemonIsRefused() throws Exception {
        jpm.jpm("ping").ok();
        long pid = jpm.daemonPid();
        JpmHomeFixture.Result second = jpm.jpm("daemon", "--foreground");
        assertThat(second.exit()).isNotZero();
        assertThat(second.err()).contains("already running").contains(Long.toString(pid));
        assertThat(jpm.jpm("ping").ok().out()).contains("pid " + pid);
    }

    @Test
    void garbageAndHugeFramesNeverTakeTheDaemonDown() throws Exception {
        jpm.jpm("ping").ok();
        long pid = jpm.daemonPid();
        Path socket = jpm.home().resolve("daemon.sock");
        Random random = new Random(42);

        for (int round = 0; round < 5; round++) {
            byte[] junk = new byte[1000 + random.nextInt(5000)];
            random.nextBytes(junk);
            sendAndDrain(socket, ByteBuffer.wrap(junk));
        }
        // a 2 GiB length prefix: refused before any allocation
        ByteBuffer huge = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).flip();
        String answer = sendAndDrain(socket, huge);
        assertThat(answer).contains("frame_too_large");
        // a valid length followed by text that is not JSON
        byte[] notJson = "{not json".getBytes();
        assertThat(sendAndDrain(socket, ByteBuffer.allocate(4 + notJson.length).putInt(notJson.length).put(notJson).flip()))
                .contains("bad_frame");
        // a truncated frame from a client that then vanishes
        sendAndClose(socket, ByteBuffer.allocate(6).putInt(100).put((byte) '{').put((byte) '"').flip());
        // a client that connects and never says anything, left open while we ping
        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(jpm.jpm("ping").ok().out()).contains("pid " + pid);
        }
        assertThat(jpm.jpm("ping").ok().out()).contains("pid " + pid);
    }

    /**
     * 32 clients each send an 8 MB apply-batch frame at once (text, and every fourth a burst of
     * empty objects that would weigh ~30x its size in the heap). Each gets an answer (a refusal of
     * the malformed batch, or busy), the daemon keeps its pid and its 256 MiB heap (no
     * OutOfMemoryError in daemon.log), and the supervised app is untouched.
     */
    @Test
    void thirtyTwoClientsSendingEightMegabyteFramesAtOnceAllGetAnAnswer() throws Exception {
        jpm.jpm("start", "--name", "calm", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        Map<String, Object> before = jpm.jlist().getFirst();
        long daemon = jpm.daemonPid();
        Path socket = jpm.home().resolve("daemon.sock");
        int size = 8_000_000;
        byte[] text = hugeBatch(size, "\"pad\":\"", "A", "\"}");
        byte[] objects = hugeBatch(size, "\"pad\":[", "{},", "{}]}");

        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 32; i++) {
                byte[] body = i % 4 == 3 ? objects : text; // shared, read-only: the test JVM holds two, not 32
                answers.add(pool.submit(() -> sendBigFrame(socket, body)));
            }
        }
        for (Future<String> f : answers) {
            String answer = f.get();
            assertThat(answer).as("every client gets an answer").startsWith("{\"type\":\"failure\"")
                    .containsAnyOf("\"code\":\"bad_request\"", "\"code\":\"busy\"");
        }
        assertThat(jpm.jpm("ping").ok().out()).contains("pid " + daemon);
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).doesNotContain("OutOfMemoryError");
        Map<String, Object> after = jpm.jlist().getFirst();
        assertThat(after.get("pid")).isEqualTo(before.get("pid"));
        assertThat(after.get("restarts")).isEqualTo(before.get("restarts"));
        assertThat(after.get("status")).isEqualTo("online");
    }

    /** An {@code execute} frame body of exactly {@code size} bytes: head, the filler repeated, tail (no changes: refused, nothing applied). */
    private static byte[] hugeBatch(int size, String head, String filler, String tail) {
        byte[] h = ("{\"type\":\"execute\"," + head).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] f = filler.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int n = (size - h.length - t.length) / f.length;
        ByteBuffer b = ByteBuffer.allocate(h.length + n * f.length + t.length).put(h);
        for (int i = 0; i < n; i++) b.put(f);
        return b.put(t).array();
    }

    /** Hello, then one frame of {@code body}; the first frame of the answer (or what went wrong, as text). */
    private static String sendBigFrame(Path socket, byte[] body) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Frames.write(ch, "{\"type\":\"hello\",\"protocol\":1,\"client\":\"it\"}");
            assertThat(Frames.read(ch, Frames.Progress.NONE)).contains("welcome");
            ByteBuffer frame = ByteBuffer.allocate(4).putInt(body.length).flip();
            while (frame.hasRemaining()) ch.write(frame);
            ByteBuffer rest = ByteBuffer.wrap(body);
            try {
                while (rest.hasRemaining()) ch.write(rest);
            } catch (IOException refusedEarly) {
                // a refusal may close the connection before the whole body is taken: its answer is still there
            }
            String answer = Frames.read(ch, Frames.Progress.NONE);
            return answer == null ? "no answer (closed)" : answer;
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    @Test
    void connectionFromAnotherUserIsRefused() throws Exception {
        assumeThat(System.getProperty("user.name")).as("needs root to run a client as nobody").isEqualTo("root");
        assumeThat(Path.of("/usr/sbin/runuser")).exists();
        jpm.jpm("ping").ok();
        // Let 'nobody' reach the socket through the file system, so that only the daemon's uid check stands in the way.
        Files.setPosixFilePermissions(jpm.home(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(jpm.home().resolve("daemon.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Path jar = Files.createTempFile("jpm-it-", ".jar");
        try {
            Files.copy(JpmHomeFixture.JAR, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            String java = ProcessHandle.current().info().command().orElseThrow();
            JpmHomeFixture.Result r = jpm.run(List.of("/usr/sbin/runuser", "-u", "nobody", "--", java, "-Xshare:auto", "-Xlog:disable",
                    "-jar", jar.toString(), "--home", jpm.home().toString(), "ping"), Map.of());
            assertThat(r.exit()).as("stdout=%s stderr=%s", r.out(), r.err()).isNotZero();
            assertThat(r.err()).contains("permission denied").contains("nobody");
        } finally {
            Files.delete(jar);
        }
        assertThat(jpm.jpm("ping").ok().out()).contains("pong");
    }

    @Test
    void homeSocketAndLogsArePrivateUnderUmask000() throws Exception {
        String cmd = "umask 000 && exec " + JpmHomeFixture.BIN + " start --name modes " + JpmHomeFixture.fixture("hello.sh");
        jpm.run(List.of("bash", "-c", cmd), Map.of("JPM_HOME", jpm.home().toString())).ok();
        assertThat(mode(jpm.home())).isEqualTo("rwx------");
        assertThat(mode(jpm.home().resolve("daemon.sock"))).isEqualTo("rw-------");
        assertThat(mode(jpm.home().resolve("logs"))).isEqualTo("rwx------");
        assertThat(mode(jpm.home().resolve("logs/modes-0-out.log"))).isEqualTo("rw-r-----");
        assertThat(mode(jpm.home().resolve("logs/modes-0-error.log"))).isEqualTo("rw-r-----");
        assertThat(mode(jpm.home().resolve("daemon.pid"))).isEqualTo("rw-------");
        assertThat(mode(jpm.home().resolve("daemon.log"))).isEqualTo("rw-------");
        jpm.jlist();
    }

    /**
     * After a daemon start under umask 000, an app and a save: every directory under JPM_HOME is
     * 0700, the app's log files 0640 (docs/cli.md), and every other file 0600, the daemon's copy
     * of the jar and of the build's AOT cache included (the build's own are 0644).
     */
    @Test
    void everyFileAndDirectoryUnderTheHomeIsPrivate() throws Exception {
        String cmd = "umask 000 && " + JpmHomeFixture.BIN + " start --name modes " + JpmHomeFixture.fixture("hello.sh")
                + " && exec " + JpmHomeFixture.BIN + " save";
        jpm.run(List.of("bash", "-c", cmd), Map.of("JPM_HOME", jpm.home().toString())).ok();
        jpm.jlist();
        Map<String, String> modes = new java.util.TreeMap<>();
        try (var all = Files.walk(jpm.home())) {
            for (Path p : all.toList()) modes.put(jpm.home().relativize(p).toString(), mode(p));
        }
        assertThat(modes).containsKeys("daemon.sock", "daemon.log", "state.json", "dump.json", "logs/modes-0-out.log");
        assertThat(modes.keySet()).anyMatch(k -> k.matches("lib/jpm-[0-9a-f]+-[0-9a-f]+/jpm\\.jar"));
        if (trainedBuild()) assertThat(modes.keySet()).anyMatch(k -> k.matches("lib/jpm-[0-9a-f]+-[0-9a-f]+/jpm-daemon\\.aot"));
        modes.forEach((path, mode) -> {
            Path p = jpm.home().resolve(path);
            String want = Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "rwx------"
                    : path.startsWith("logs/") && path.endsWith(".log") ? "rw-r-----" : "rw-------";
            assertThat(mode).as("mode of JPM_HOME/%s", path).isEqualTo(want);
        });
    }

    /** Whether the build trained a daemon AOT cache (mvn package does, unless -Daot.skip). */
    private static boolean trainedBuild() throws IOException {
        Path buildCache = JpmHomeFixture.JAR.resolveSibling("jpm-daemon.aot");
        return Files.isRegularFile(buildCache)
                && Files.getLastModifiedTime(buildCache).compareTo(Files.getLastModifiedTime(JpmHomeFixture.JAR)) > 0;
    }

    @Test
    void killStopsAppsAndTheDaemon() throws Exception {
        jpm.jpm("start", "--name", "k", "-i", "2", JpmHomeFixture.fixture("tree.sh").toString()).ok();
        List<Long> pids = jpm.jlist().stream().map(i -> (Long) i.get("pid")).toList();
        long daemon = jpm.daemonPid();
        jpm.jpm("kill").ok();
        // gone, or a zombie waiting for whatever reaps orphans here (a container's PID 1 may take seconds)
        assertThat(jpm.exited(daemon)).as("the daemon process has exited").isTrue();
        for (long g : pids) assertThat(JpmHomeFixture.liveMembers(g)).isEmpty();
        assertThat(jpm.home().resolve("daemon.sock")).doesNotExist();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Pids of live processes running a jpm daemon for this home. */
    private static List<Long> daemonsServing(Path home) throws IOException {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
                    long pid = Long.parseLong(d.getFileName().toString());
                    if (cmdline.contains("daemon --foreground") && cmdline.contains(home.toString()) && ProcFs.alive(pid)) {
                        out.add(pid);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return out.stream().sorted().collect(Collectors.toList());
    }

    private static String sendAndDrain(Path socket, ByteBuffer bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.shutdownOutput();
            StringBuilder sb = new StringBuilder();
            try {
                String frame;
                while ((frame = Frames.read(ch, Frames.Progress.NONE)) != null) sb.append(frame);
            } catch (IOException | RuntimeException closed) {
                // the daemon closes bad connections; what it said before is in sb
            }
            return sb.toString();
        }
    }

    private static void sendAndClose(Path socket, ByteBuffer bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            while (bytes.hasRemaining()) ch.write(bytes);
        }
    }
}
