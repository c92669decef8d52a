package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jpm.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code jpm logs} through the real CLI, against the real files of a real app (it/fixtures/counter.sh). */
class LogsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String COUNTER = JpmHomeFixture.fixture("counter.sh").toString();

    private Follow follow;

    @AfterEach
    void stopFollowing() throws IOException {
        if (follow != null) {
            follow.process.destroyForcibly();
            Files.deleteIfExists(follow.stderr);
        }
    }

    /** Starts counter.sh as {@code name} and waits until it has printed its 20 lines and 5 error lines. */
    Map<String, Object> startCounter(String name) {
        jpm.jpm("start", "--name", name, "--min-uptime", "100", COUNTER).ok();
        Map<String, Object> i = jpm.jlist().stream().filter(m -> m.get("name").equals(name)).findFirst().orElseThrow();
        Path out = Path.of((String) i.get("out_log"));
        Path err = Path.of((String) i.get("err_log"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Files.readString(out)).contains("line 20\n");
            assertThat(Files.readString(err)).contains("err 5\n");
        });
        return i;
    }

    @Test
    void nostreamPrintsTheLastLinesWithPrefixesRawOutErrJsonAndTimestamps() {
        Map<String, Object> web = startCounter("web");

        assertThat(jpm.jpm("logs", "web", "--nostream", "--lines", "3", "--out").ok().out())
                .isEqualTo("web|0 | line 18\nweb|0 | line 19\nweb|0 | line 20\n");
        assertThat(jpm.jpm("logs", "web", "--nostream", "--lines", "2").ok().out())
                .as("both streams, each file once, stdout's first")
                .isEqualTo("web|0 | line 19\nweb|0 | line 20\nweb|0 | err 4\nweb|0 | err 5\n");
        assertThat(jpm.jpm("logs", "--nostream", "--lines", "2", "--err", "--raw").ok().out())
                .as("no target: all; --raw: no prefix").isEqualTo("err 4\nerr 5\n");
        assertThat(jpm.jpm("logs", "web", "--nostream", "--lines", "0").ok().out()).isEmpty();
        assertThat(jpm.jpm("logs", "web", "--nostream").ok().out().lines()).as("15 by default, per file").hasSize(15 + 5);

        List<String> json = jpm.jpm("logs", "web", "--nostream", "--lines", "1", "--json").ok().out().lines().toList();
        assertThat(json).hasSize(2);
        assertThat(Json.parse(json.get(0))).isEqualTo(Map.of("app", "web", "namespace", "default", "instance", 0L,
                "stream", "out", "file", web.get("out_log"), "message", "line 20"));
        assertThat(Json.parse(json.get(1))).isEqualTo(Map.of("app", "web", "namespace", "default", "instance", 0L,
                "stream", "err", "file", web.get("err_log"), "message", "err 5"));

        assertThat(jpm.jpm("logs", "web", "--nostream", "--lines", "1", "--out", "--timestamp=HH:mm").ok().out())
                .matches("web\\|0 \\| \\d\\d:\\d\\d line 20\n");
        assertThat(jpm.jpm("logs", "--timestamp", "web", "--nostream", "--lines", "1", "--out").ok().out())
                .as("a word of letters after --timestamp is the target, the pattern the default")
                .matches("web\\|0 \\| \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d line 20\n");
        assertThat(jpm.jpm("logs", "web", "--nostream", "--lines", "1", "--out", "--timestamp", "HH:mm:ss", "--json").ok().out())
                .contains("\"timestamp\":\"");
    }

    @Test
    void noEscapeCodesUnlessStdoutIsATerminalWithoutNoColor() throws Exception {
        startCounter("web");
        assertThat(jpm.jpm("logs", "web", "--nostream").ok().out()).as("not a terminal").doesNotContain("\u001b");
        assumeThat(Path.of("/usr/bin/script")).as("util-linux script, to get a terminal").exists();
        String cmd = JpmHomeFixture.BIN + " logs web --nostream --lines 1";
        JpmHomeFixture.Result tty = jpm.run(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), Map.of("JPM_HOME", jpm.home().toString()));
        assertThat(tty.ok().out()).contains("\u001b[").contains("\u001b[31mweb").contains("line 20").contains("err 5");
        JpmHomeFixture.Result noColor = jpm.run(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"),
                Map.of("JPM_HOME", jpm.home().toString(), "NO_COLOR", "1"));
        assertThat(noColor.ok().out()).doesNotContain("\u001b").contains("web|0 | line 20");
        JpmHomeFixture.Result raw = jpm.run(List.of("/usr/bin/script", "-qec", cmd + " --raw", "/dev/null"),
                Map.of("JPM_HOME", jpm.home().toString()));
        assertThat(raw.ok().out()).doesNotContain("\u001b").contains("line 20");
    }

    /**
     * An app's OSC (window title), SGR, bare CR, C1 CSI and stray byte reach a terminal escaped,
     * so they show instead of acting; {@code --raw} keeps the bytes, and so does a pipe.
     */
    @Test
    void onATerminalAnAppsEscapeSequencesArriveEscaped() throws Exception {
        assumeThat(Path.of("/usr/bin/script")).as("util-linux script, to get a terminal").exists();
        jpm.jpm("start", "--name", "esc", JpmHomeFixture.fixture("escapes.sh").toString()).ok();
        Path out = Path.of((String) jpm.jlist().getFirst().get("out_log"));
        await().atMost(WAIT).until(() -> Files.readString(out, StandardCharsets.ISO_8859_1).contains(" end\n"));
        String cmd = JpmHomeFixture.BIN + " logs esc --nostream --lines 1 --out";
        Map<String, String> env = Map.of("JPM_HOME", jpm.home().toString());

        // the terminal's own output processing turns \n into \r\n: that CR is the terminal's, not the app's
        String shown = jpm.run(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), env).ok().out().replace("\r\n", "\n");
        String message = shown.substring(shown.indexOf("title"));
        assertThat(message).isEqualTo("title \\x1b]0;pwned\\x07 color \\x1b[31mred\\x1b[0m cr 10%\\r20%"
                + " c1 \\u009b31m latin1 caf\\xe9 end\n");
        assertThat(shown).as("jpm's own prefix is colored on a terminal").startsWith("\u001b[");

        String raw = jpm.run(List.of("/usr/bin/script", "-qec", cmd + " --raw", "/dev/null"), env).ok().out();
        assertThat(raw).as("--raw: the bytes as they are").contains("\u001b]0;pwned\u0007").contains("\u001b[31mred").contains("10%\r20%");

        String piped = jpm.jpm("logs", "esc", "--nostream", "--lines", "1", "--out").ok().out();
        assertThat(piped).as("a pipe gets the bytes, with the prefix").startsWith("esc|0 | title \u001b]0;pwned\u0007");
    }

    @Test
    void followShowsNewLinesWithinASecondAndKeepsFollowingAcrossRotations() throws Exception {
        Map<String, Object> web = startCounter("web");
        Path out = Path.of((String) web.get("out_log"));
        Path err = Path.of((String) web.get("err_log"));
        long pid = (Long) web.get("pid");
        follow = new Follow(jpm, "logs", "web", "-f", "--lines", "1");
        follow.expect("web|0 | line 20", WAIT);
        follow.expect("web|0 | err 5", WAIT);

        // a line appended to the file shows within a second (poll every 150 ms)
        long t0 = System.nanoTime();
        append(out, "live 1\n");
        follow.expect("web|0 | live 1", Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

        // the app itself writes
        signal(pid);
        follow.expect("web|0 | line 21", WAIT);
        follow.expect("web|0 | err line 21", WAIT);

        // direct-mode rotation: copy, then truncate in place; the app appends (O_APPEND) from 0
        Files.copy(err, err.resolveSibling("web-0-error__20261125-201500.log"));
        try (FileChannel ch = FileChannel.open(err, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        signal(pid);
        follow.expect("web|0 | err line 22", WAIT);
        follow.expect("web|0 | line 22", WAIT);

        // piped-mode rotation: rename away, the writer finishes the old file, a new file at the path
        Path rotated = out.resolveSibling("web-0-out__20261125-201501.log");
        Files.move(out, rotated);
        append(rotated, "old tail\n");
        Thread.sleep(300); // let a poll see the path missing
        append(out, "new 1\n");
        follow.expect("web|0 | old tail", WAIT);
        follow.expect("web|0 | new 1", WAIT);
        append(out, "new 2\n");
        follow.expect("web|0 | new 2", WAIT);

        follow.stopAndCheckCleanExit();
        List<String> all = follow.allLines();
        assertThat(all).as("no line twice").doesNotHaveDuplicates();
        assertThat(all).containsSubsequence("web|0 | line 21", "web|0 | line 22", "web|0 | old tail", "web|0 | new 1", "web|0 | new 2");
        assertThat(String.join("\n", all)).doesNotContain("line 19").doesNotContain("\u001b");
    }

    @Test
    void followPicksUpNewInstancesAndEndsWhenItsReaderIsGone() throws Exception {
        startCounter("web");
        follow = new Follow(jpm, "logs", "web", "--out", "--lines", "1");
        follow.expect("web|0 | line 20", WAIT);
        jpm.jpm("scale", "web", "2").ok();
        follow.expect("web|1 | line 20", Duration.ofSeconds(30)); // the daemon is asked again every 5 s
        follow.stopAndCheckCleanExit();

        // `jpm logs | head`: ends as soon as head is gone, although nothing more is written
        long t0 = System.nanoTime();
        JpmHomeFixture.Result piped = jpm.run(List.of("bash", "-c",
                JpmHomeFixture.BIN + " logs web --out --lines 1 | head -n 2; echo \"jpm exit ${PIPESTATUS[0]}\""),
                Map.of("JPM_HOME", jpm.home().toString()));
        assertThat(piped.out()).contains("jpm exit 0").contains("web|0 | line 20").contains("web|1 | line 20");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aFileSharedByInstancesIsPrintedOnceLabelledStar() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: m\n    script: " + COUNTER + "\n    instances: 2\n    merge_logs: true\n"
                + "    min_uptime: 100\n");
        jpm.jpm("apply", eco.toString()).ok();
        List<Map<String, Object>> list = jpm.jlist();
        assertThat(list).extracting(i -> i.get("out_log")).containsOnly(list.getFirst().get("out_log"));
        Path out = Path.of((String) list.getFirst().get("out_log"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(out).lines()).hasSize(40));
        List<String> lines = jpm.jpm("logs", "m", "--nostream", "--out", "--lines", "100").ok().out().lines().toList();
        assertThat(lines).hasSize(40).allSatisfy(l -> assertThat(l).startsWith("m|* | line "));
        assertThat(jpm.jpm("logs", eco.toString(), "--nostream", "--out", "--lines", "100").ok().out().lines())
                .as("an ecosystem file as the target").hasSize(40);
    }

    @Test
    void anUnknownTargetExitsWith1AndBadOptionsWith2() {
        JpmHomeFixture.Result r = jpm.jpm("logs", "nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nope").doesNotContain("Exception");
        assertThat(jpm.jpm("logs", "nope", "--nostream").exit()).isEqualTo(1);
        assertThat(jpm.jpm("logs", "--lines", "-1").exit()).isEqualTo(2);
        assertThat(jpm.jpm("logs", "--nostream", "-f").exit()).isEqualTo(2);
        assertThat(jpm.jpm("logs", "--timestamp={x}", "--nostream").exit()).isEqualTo(2);
        assertThat(jpm.jpm("logs", "--nostream").ok().err()).as("an empty daemon").contains("no log files");
    }

    static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    static void signal(long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start().waitFor()).isZero();
    }

    /** A {@code jpm logs} running in the background; its stdout lines are collected as they come. */
    static final class Follow {
        final Process process;
        final Path stderr;
        private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Follow(JpmHomeFixture jpm, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(JpmHomeFixture.BIN.toString());
            cmd.addAll(List.of(args));
            stderr = Files.createTempFile("jpm-it-logs-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("JPM_HOME", jpm.home().toString());
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) queue.add(line);
                } catch (IOException e) {
                    // the process is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for {@code line}; lines before it are kept for {@link #allLines}. */
        void expect(String line, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (seen.contains(line)) return;
            while (true) {
                long left = deadline - System.nanoTime();
                String next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("no '" + line + "' within " + timeout + "; got " + seen + "; stderr: "
                            + Files.readString(stderr));
                }
                seen.add(next);
                if (next.equals(line)) return;
            }
        }

        /** Ctrl-C: ends within seconds, without a stack trace. */
        void stopAndCheckCleanExit() throws Exception {
            // a process started in the background of a non-interactive shell may ignore SIGINT: then SIGTERM
            String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
            long ignored = status.lines().filter(l -> l.startsWith("SigIgn:")).map(l -> Long.parseLong(l.substring(7).strip(), 16))
                    .findFirst().orElse(0L);
            String sig = (ignored & 2) == 0 ? "-INT" : "-TERM";
            new ProcessBuilder("kill", sig, Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits on " + sig).isTrue();
            assertThat(process.exitValue()).isIn(130, 143);
            assertThat(Files.readString(stderr)).doesNotContain("Exception").doesNotContain("\tat ");
            Thread.sleep(100);
            queue.drainTo(seen);
        }

        List<String> allLines() {
            queue.drainTo(seen);
            return seen;
        }
    }
}
