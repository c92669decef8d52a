package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timestamped (piped) output: nothing lost, duplicated, split or garbled, under floods, huge
 * lines, binary bytes, rotation and a daemon with a small heap; plus flush, symlink refusal and
 * direct-mode rotation.
 */
class LogsPipeIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(90);
    /** A fixed-width format: every prefix is 23 + 2 bytes whatever the time zone. */
    static final String FORMAT = "YYYY-MM-DD HH:mm:ss.SSS";
    static final int PREFIX = 25;
    static final Pattern TIMESTAMPED = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}: (\\d{9}) ([oe]{89})");

    private Path logOf(String app, String stream) {
        return jpm.home().resolve("logs").resolve(app + "-0-" + stream + ".log");
    }

    /** Counts of a stream's numbered lines: expects 1..n exactly once, in order, each well-formed. */
    private static void assertExactlyOnceInOrder(List<Path> files, int n, char pad) throws IOException {
        long expected = 1;
        long garbled = 0;
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = TIMESTAMPED.matcher(line);
                    if (!m.matches() || m.group(2).charAt(0) != pad) {
                        garbled++;
                        continue;
                    }
                    long got = Long.parseLong(m.group(1));
                    assertThat(got).as("line order in " + f).isEqualTo(expected);
                    expected++;
                }
            }
        }
        assertThat(garbled).as("garbled lines").isZero();
        assertThat(expected - 1).as("lines found").isEqualTo(n);
    }

    private void awaitSize(Path p, long size) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(p) && Files.size(p) >= size);
    }

    @Test
    void aMillionTimestampedLinesPerStreamArriveExactlyOnceInOrder() throws Exception {
        int n = 1_000_000;
        jpm.jpm("start", "--name", "flood", "--log-date-format", FORMAT, JpmHomeFixture.fixture("flood.sh").toString(), "--",
                Integer.toString(n)).ok();
        long size = (long) n * (PREFIX + 100);
        awaitSize(logOf("flood", "out"), size);
        awaitSize(logOf("flood", "error"), size);
        Thread.sleep(300); // anything extra (a duplicate) would arrive right behind
        assertThat(Files.size(logOf("flood", "out"))).isEqualTo(size);
        assertThat(Files.size(logOf("flood", "error"))).isEqualTo(size);
        assertExactlyOnceInOrder(List.of(logOf("flood", "out")), n, 'o');
        assertExactlyOnceInOrder(List.of(logOf("flood", "error")), n, 'e');
    }

    @Test
    void aTenMegabyteLineStaysOneLine() throws Exception {
        jpm.jpm("start", "--name", "big", "--time", JpmHomeFixture.fixture("bigline.sh").toString()).ok();
        Path out = logOf("big", "out");
        await().atMost(WAIT).until(() -> Files.exists(out) && Files.readString(out, StandardCharsets.ISO_8859_1).endsWith(": after\n"));
        List<String> lines = Files.readAllLines(out, StandardCharsets.ISO_8859_1);
        assertThat(lines).hasSize(2);
        String first = lines.getFirst();
        assertThat(first.substring(first.indexOf(": ") + 2)).hasSize(10 * 1024 * 1024).matches("a+");
    }

    @Test
    void binaryBytesRoundTripAndAPartialLastLineIsWrittenAtExit() throws Exception {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        data[data.length - 1] = 'z'; // no newline at the end: the last line is partial
        Path input = dir.resolve("random.bin");
        Files.write(input, data);
        jpm.jpm("start", "--name", "bin", "--log-date-format", FORMAT, "--no-autorestart", "/bin/cat", "--", input.toString()).ok();
        await().atMost(WAIT).until(() -> "stopped".equals(jpm.jlist().getFirst().get("status")));
        byte[] file = Files.readAllBytes(logOf("bin", "out"));
        // strip the fixed-width prefix from every line; what is left is the input, plus the newline
        // that ended the partial last line
        java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                back.write(file, start + PREFIX, i - start - PREFIX + 1);
                start = i + 1;
            }
        }
        assertThat(start).as("the file ends with a newline").isEqualTo(file.length);
        byte[] expected = Arrays.copyOf(data, data.length + 1);
        expected[data.length] = '\n';
        assertThat(back.toByteArray()).isEqualTo(expected);

        jpm.jpm("start", "--name", "part", "--time", "--no-autorestart", JpmHomeFixture.fixture("partial.sh").toString()).ok();
        await().atMost(WAIT).until(() -> Files.exists(logOf("part", "out")) && Files.readString(logOf("part", "out")).contains("end"));
        List<String> lines = Files.readAllLines(logOf("part", "out"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).endsWith(": no newline at the end");
    }

    @Test
    void rotationWhileFloodingKeepsEveryLineExactlyOnce() throws Exception {
        int n = 200_000;
        jpm.jpm("start", "--name", "rot", "--log-date-format", FORMAT, "--log-max-size", "1M", "--log-retain", "1000",
                JpmHomeFixture.fixture("flood.sh").toString(), "--", Integer.toString(n)).ok();
        long total = (long) n * (PREFIX + 100);
        Path out = logOf("rot", "out");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> sizeWithRotated(out) >= total);
        List<Path> rotated = jpm.rotatedLogs(out);
        assertThat(rotated.size()).as("rotated files").isGreaterThanOrEqualTo(20);
        for (Path r : rotated) assertThat(Files.size(r)).isLessThanOrEqualTo(1024 * 1024);
        List<Path> all = new ArrayList<>(rotated.reversed()); // oldest first
        all.add(out);
        assertExactlyOnceInOrder(all, n, 'o');
    }

    private long sizeWithRotated(Path live) throws IOException {
        long s = Files.exists(live) ? Files.size(live) : 0;
        for (Path r : jpm.rotatedLogs(live)) s += Files.size(r);
        return s;
    }

    @Test
    void aDaemonWithA48MegabyteHeapSurvivesFourFloodsAndAHugeLine() throws Exception {
        int n = 200_000;
        Map<String, String> smallHeap = Map.of("JPM_DAEMON_JAVA_OPTS", "-Xmx48m");
        jpm.jpmWithEnv(smallHeap, "ping").ok();
        long daemon = jpm.daemonPid();
        for (int a = 0; a < 4; a++) {
            jpm.jpm("start", "--name", "f" + a, "--log-date-format", FORMAT, JpmHomeFixture.fixture("flood.sh").toString(), "--",
                    Integer.toString(n)).ok();
        }
        jpm.jpm("start", "--name", "big", "--time", JpmHomeFixture.fixture("bigline.sh").toString()).ok();
        for (int a = 0; a < 4; a++) {
            awaitSize(logOf("f" + a, "out"), (long) n * (PREFIX + 100));
            awaitSize(logOf("f" + a, "error"), (long) n * (PREFIX + 100));
        }
        await().atMost(WAIT).until(() -> Files.readString(logOf("big", "out"), StandardCharsets.ISO_8859_1).endsWith(": after\n"));
        for (int a = 0; a < 4; a++) assertExactlyOnceInOrder(List.of(logOf("f" + a, "out")), n, 'o');
        assertThat(jpm.daemonPid()).isEqualTo(daemon);
        jpm.jpm("ping").ok();
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).doesNotContain("OutOfMemoryError");
    }

    @Test
    void flushEmptiesTheFilesOfBothModesAndWritingGoesOn() throws Exception {
        jpm.jpm("start", "--name", "piped", "--time", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        jpm.jpm("start", "--name", "direct", JpmHomeFixture.fixture("hello.sh").toString()).ok();
        awaitSize(logOf("piped", "out"), 1);
        awaitSize(logOf("direct", "out"), 1);
        assertThat(jpm.jpm("flush").ok().out()).contains("emptied 4 log file(s)");
        assertThat(Files.size(logOf("piped", "out"))).isZero();
        assertThat(Files.size(logOf("direct", "out"))).isZero();
        jpm.jpm("restart", "all").ok();
        await().atMost(WAIT).until(() -> Files.readString(logOf("piped", "out")).contains("hello from piped"));
        await().atMost(WAIT).until(() -> Files.readString(logOf("direct", "out")).startsWith("hello from direct"));
        assertThat(Files.readString(logOf("piped", "out"))).doesNotContain("\0");
        assertThat(jpm.jpm("flush", "nosuchapp").exit()).isEqualTo(1);
    }

    @Test
    void aLogPathThatIsASymlinkIsRefusedInBothModes() throws Exception {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "do not touch\n");
        Path link = dir.resolve("out.log");
        Files.createSymbolicLink(link, target);
        for (List<String> mode : List.of(List.<String>of(), List.of("--time"))) {
            String name = mode.isEmpty() ? "direct" : "piped";
            List<String> args = new ArrayList<>(List.of("start", "--name", name, "--merge-logs", "-o", link.toString()));
            args.addAll(mode);
            args.add(JpmHomeFixture.fixture("hello.sh").toString());
            // no instance can start: the start fails with the reason, and no app is left (cli.md)
            JpmHomeFixture.Result r = jpm.jpm(args.toArray(String[]::new));
            assertThat(r.exit()).as(name).isEqualTo(2);
            assertThat(r.err()).as(name).contains("symbolic link");
        }
        assertThat(jpm.jlist()).isEmpty();
        assertThat(Files.readString(target)).isEqualTo("do not touch\n");
    }

    @Test
    void directModeRotatesByCopyAndTruncate() throws Exception {
        jpm.jpm("start", "--name", "tick", "--log-max-size", "4K", JpmHomeFixture.fixture("flood.sh").toString(), "--", "200").ok();
        Path out = logOf("tick", "out");
        // 200 x 100 bytes = 20 KB written at once; the 2 s scan copies it aside and truncates
        await().atMost(WAIT).until(() -> !jpm.rotatedLogs(out).isEmpty() && Files.size(out) == 0);
        List<String> rotated = Files.readAllLines(jpm.rotatedLogs(out).getFirst());
        assertThat(rotated).hasSize(200);
        assertThat(rotated.getFirst()).startsWith("000000001 ");
    }

    @Test
    void jsonLinesACombinedFileAnErrorFileAndCompressedRotation() throws Exception {
        Path err = dir.resolve("errors.log");
        Path all = dir.resolve("all.log");
        jpm.jpm("start", "--name", "js", "--log-type", "json", "--error", err.toString(), "--log", all.toString(),
                "--merge-logs", "--log-max-size", "4K", "--log-retain", "100", "--log-compress",
                JpmHomeFixture.fixture("flood.sh").toString(), "--", "200").ok();
        Path out = jpm.home().resolve("logs/js-out.log"); // merge_logs: no instance number
        // every file rotates at 4 KiB into gzipped files; nothing is lost across them
        // (compression runs after each rotation: wait until none is under way)
        await().atMost(WAIT).ignoreExceptions().until(() -> !jpm.rotatedLogs(err).isEmpty()
                && jpm.rotatedLogs(err).stream().allMatch(r -> r.toString().endsWith(".log.gz"))
                && textWithRotated(out).lines().count() == 200
                && textWithRotated(err).lines().count() == 200 && textWithRotated(all).lines().count() == 400);
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) Json.parse(textWithRotated(out).lines().findFirst().orElseThrow());
        assertThat(o).containsEntry("app", "js").containsEntry("instance", 0L).containsEntry("stream", "out")
                .containsKey("timestamp");
        assertThat((String) o.get("message")).startsWith("000000001 o");
        String combined = textWithRotated(all);
        assertThat(combined.lines().filter(l -> l.contains("\"stream\":\"out\"")).count()).isEqualTo(200);
        assertThat(combined.lines().filter(l -> l.contains("\"stream\":\"err\"")).count()).isEqualTo(200);
    }

    /** A log file's rotated files (gunzipped), oldest first, then the live one. */
    private String textWithRotated(Path live) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path r : jpm.rotatedLogs(live).reversed()) {
            if (r.toString().endsWith(".gz")) {
                try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(r))) {
                    sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } else {
                sb.append(Files.readString(r));
            }
        }
        if (Files.exists(live)) sb.append(Files.readString(live));
        return sb.toString();
    }

    @Test
    void reloadLogsReopensAPipedFileMovedAway() throws Exception {
        jpm.jpm("start", "--name", "cnt", "--time", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        Path out = logOf("cnt", "out");
        await().atMost(WAIT).until(() -> Files.exists(out) && Files.readAllLines(out).size() == 20);
        Path moved = dir.resolve("moved.log");
        Files.move(out, moved);
        assertThat(jpm.jpm("reloadLogs", "--json").ok().out()).contains("\"message\":\"reopened ");
        long pid = (Long) jpm.jlist().getFirst().get("pid");
        new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start().waitFor();
        await().atMost(WAIT).until(() -> Files.exists(out) && Files.readString(out).contains(": line 21"));
        assertThat(Files.readAllLines(moved)).hasSize(20);
        assertThat(jpm.jpm("save", "--json").ok().out()).contains("\"message\":\"saved 1 app(s)");
    }
}
