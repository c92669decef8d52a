package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpm monit} in a real terminal: tmux (its own server socket per test) runs a shell that
 * runs bin/jpm monit; keys go in with {@code send-keys}, the screen comes back with
 * {@code capture-pane}. Every wait polls the screen up to a deadline and fails with the last one.
 */
class MonitIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path COUNTER = JpmHomeFixture.fixture("counter.sh");

    private final TmuxServer tmux = new TmuxServer("jpm-monit-it");

    @AfterEach
    void stopTmux() throws Exception {
        tmux.close();
    }

    /** A tmux session of {@code width}x{@code height} running a plain bash with this test's JPM_HOME and extra variables. */
    private void tmux(int width, int height, String... env) throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/tmux"))).as("tmux is needed (apt-get install tmux; .ci/run does)").isTrue();
        List<String> cmd = new ArrayList<>(List.of("JPM_HOME=" + jpm.home(), "PS1=$ ", "TERM=screen-256color"));
        cmd.addAll(List.of(env));
        cmd.addAll(List.of("bash", "--norc", "--noprofile"));
        tmux.start(width, height, cmd);
    }

    private String run(String... args) throws Exception {
        return tmux.run(args);
    }

    private void type(String line) throws Exception {
        run("send-keys", "-t", "it", "-l", line);
        run("send-keys", "-t", "it", "Enter");
    }

    private void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", "it"));
        cmd.addAll(List.of(keys));
        run(cmd.toArray(String[]::new));
    }

    private String screen() throws Exception {
        return tmux.screen();
    }

    /** The screen once it satisfies {@code condition}; fails with the last screen after {@link #WAIT}. */
    private String waitFor(String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what + "; the screen:\n" + s);
            Thread.sleep(200);
            s = screen();
        }
        return s;
    }

    /** The screen line that shows instance {@code label} (name and index columns), or "". */
    static String row(String screen, String name, long id) {
        for (String line : screen.split("\n")) {
            String[] cells = line.replace(">", " ").trim().split("\\s+");
            if (cells.length > 3 && cells[0].equals(Long.toString(id)) && cells[1].equals(name)) return line;
        }
        return "";
    }

    private Map<String, Object> instance(String name, int index) {
        return jpm.jlist().stream().filter(i -> i.get("name").equals(name) && ((Number) i.get("instance")).intValue() == index)
                .findFirst().orElseThrow();
    }

    @Test
    void showsTheInstancesLiveRestartsOnRFollowsResizesAndQuitsBackToTheShell() throws Exception {
        jpm.jpm("start", "--name", "web", "--min-uptime", "100", COUNTER.toString()).ok();
        jpm.jpm("start", "--name", "once", "--no-autorestart", COUNTER.toString()).ok();
        long webId = ((Number) instance("web", 0).get("id")).longValue();
        long onceId = ((Number) instance("once", 0).get("id")).longValue();
        tmux(120, 30);
        type("s=$(stty -g); echo before-monit; " + JpmHomeFixture.BIN + " monit; echo monit-exit=$?; "
                + "[ \"$s\" = \"$(stty -g)\" ] && echo tty-restored");

        String s = waitFor("both rows online", x -> row(x, "web", webId).contains("online") && row(x, "once", onceId).contains("online"));
        assertThat(s).contains("jpm monit", "2 instances", "status", "restarts", "cpu", "memory", "cpu 20s", "memory 20s");
        assertThat(row(s, "web", webId)).as("the first row is selected").startsWith(">");
        waitFor("the selected instance's log lines", x -> x.contains("line 20") && x.contains("err 5"));

        // kill -9 of an instance that is not restarted: its row changes status
        long oncePid = ((Number) instance("once", 0).get("pid")).longValue();
        new ProcessBuilder("kill", "-KILL", Long.toString(oncePid)).start().waitFor();
        waitFor("once's status after kill -9", x -> row(x, "once", onceId).matches(".*\\b(stopped|errored)\\b.*"));
        keys("j", "l");
        waitFor("once's events with their causes", x -> x.contains("exited") && x.contains("SIGKILL"));
        keys("l", "k");

        // r restarts the selected instance: a new pid and one restart more, on the screen too
        long webPid = ((Number) instance("web", 0).get("pid")).longValue();
        keys("r");
        waitFor("the restart's answer", x -> x.contains("restarted web#0"));
        Map<String, Object> web = instance("web", 0);
        assertThat(((Number) web.get("pid")).longValue()).isNotEqualTo(webPid);
        assertThat(((Number) web.get("restarts")).intValue()).isEqualTo(1);
        waitFor("web's restart count", x -> row(x, "web", webId).matches(".*online\\s+1\\s.*"));

        // the screen follows the terminal's size: fewer columns, a message when too small, all again
        run("resize-window", "-t", "it", "-x", "75", "-y", "24");
        s = waitFor("a narrower table", x -> x.contains("web") && !x.contains("memory 20s") && x.lines().allMatch(l -> l.length() <= 75));
        run("resize-window", "-t", "it", "-x", "50", "-y", "10");
        waitFor("the too-small message", x -> x.contains("at least 60x12") && x.contains("jpm ls"));
        run("resize-window", "-t", "it", "-x", "120", "-y", "30");
        waitFor("the full table again", x -> x.contains("memory 20s") && row(x, "web", webId).contains("online"));

        keys("q");
        s = waitFor("the shell again", x -> x.contains("monit-exit=0") && x.contains("tty-restored"));
        assertThat(s).as("the screen before monit is back").contains("before-monit").doesNotContain("cpu 20s");
        assertThat(run("display-message", "-p", "-t", "it", "#{alternate_on}").trim()).as("alternate screen left").isEqualTo("0");
    }

    @Test
    void ctrlCQuitsAndRestoresTheTerminalAndNoColorMeansNoColours() throws Exception {
        jpm.jpm("start", "--name", "web", COUNTER.toString()).ok();
        tmux(100, 24, "NO_COLOR=1");
        type("s=$(stty -g); " + JpmHomeFixture.BIN + " monit; echo monit-exit=$?; [ \"$s\" = \"$(stty -g)\" ] && echo tty-restored");
        waitFor("the row", x -> x.contains("web") && x.contains("online"));
        String styled = run("capture-pane", "-p", "-e", "-t", "it");
        assertThat(styled).as("no colour under NO_COLOR").doesNotContainPattern("\u001b\\[[0-9;]*3[1-7]m");
        keys("C-c");
        waitFor("the shell again", x -> x.contains("monit-exit=0") && x.contains("tty-restored"));
        assertThat(run("display-message", "-p", "-t", "it", "#{alternate_on}").trim()).isEqualTo("0");
    }

    @Test
    void theDaemonGoingAwayEndsMonitWithTheTerminalRestored() throws Exception {
        jpm.jpm("start", "--name", "web", COUNTER.toString()).ok();
        long daemon = jpm.daemonPid();
        tmux(100, 24);
        type("s=$(stty -g); " + JpmHomeFixture.BIN + " monit; echo monit-exit=$?; [ \"$s\" = \"$(stty -g)\" ] && echo tty-restored");
        waitFor("the row", x -> x.contains("web") && x.contains("online"));
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        String s = waitFor("the shell again", x -> x.contains("monit-exit=3") && x.contains("tty-restored"));
        assertThat(s).contains("jpm: the daemon went away");
        assertThat(run("display-message", "-p", "-t", "it", "#{alternate_on}").trim()).isEqualTo("0");
    }

    @Test
    void coloursByDefault() throws Exception {
        jpm.jpm("start", "--name", "web", COUNTER.toString()).ok();
        tmux(100, 24);
        type(JpmHomeFixture.BIN + " monit");
        waitFor("the row", x -> x.contains("web") && x.contains("online"));
        assertThat(run("capture-pane", "-p", "-e", "-t", "it")).as("online in green").containsPattern("\u001b\\[[0-9;]*32m\\s*online");
        keys("q");
    }

    @Test
    void withoutATerminalItSaysWhatToUseInsteadAndNoCommandButMonitLoadsJLine() throws Exception {
        JpmHomeFixture.Result r = jpm.jpm("monit");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("needs a terminal", "jpm ls", "jpm events");
        for (String verb : List.of("ping", "ls", "monit")) {
            assertThat(classesLoaded(verb)).as("classes of jpm %s", verb).doesNotContain(" org.jline.", " jpm.cli.monit.");
        }
    }

    /** The CLI's jar run with a class-load log (not bin/jpm: its AOT cache holds classes whether used or not). */
    private String classesLoaded(String verb) throws IOException {
        Path log = Files.createTempFile("jpm-monit-classes-", ".log");
        try {
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-Xlog:disable",
                    "-Xlog:class+load=info:file=" + log, "--enable-native-access=ALL-UNNAMED", "-jar", JpmHomeFixture.JAR.toString(), verb);
            jpm.run(cmd, Map.of("JPM_HOME", jpm.home().toString()));
            return Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
