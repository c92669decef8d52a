package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The user-visible options not covered elsewhere, each through the real CLI. */
class OptionsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String HELLO = JpmHomeFixture.fixture("hello.sh").toString();

    @Test
    @SuppressWarnings("unchecked")
    void applyDryRunOnlyNamespaceEnvAndJson() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n"
                + "  - name: a\n    script: " + HELLO + "\n    min_uptime: 100\n    env:\n      GREETING: dev\n    env_production:\n      GREETING: prod\n"
                + "  - name: b\n    script: " + HELLO + "\n    min_uptime: 100\n    namespace: other\n");

        JpmHomeFixture.Result dry = jpm.jpm("apply", "--dry-run", eco.toString()).ok();
        assertThat(dry.out()).contains("+ start   default/a").contains("dry run, nothing changed");
        assertThat(jpm.jlist()).isEmpty();

        jpm.jpm("apply", "--only", "a", "--env", "production", eco.toString()).ok();
        assertThat(jpm.jlist()).extracting(i -> i.get("name")).containsExactly("a");
        Path out = Path.of((String) jpm.jlist().getFirst().get("out_log"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(out)).contains("greeting=prod"));

        JpmHomeFixture.Result json = jpm.jpm("apply", "--namespace", "other", "--json", eco.toString()).ok();
        Map<String, Object> plan = (Map<String, Object>) Json.parse(json.out().strip());
        assertThat((List<Map<String, Object>>) plan.get("actions")).extracting(m -> m.get("action") + " " + m.get("app"))
                .containsExactly("start other/b");
        assertThat(jpm.jlist()).extracting(i -> i.get("name")).containsExactlyInAnyOrder("a", "b");

        JpmHomeFixture.Result diff = jpm.jpm("diff", "--json", eco.toString());
        assertThat(diff.exit()).as("--env not given: a's env differs from the applied production env").isEqualTo(1);
        assertThat(diff.out()).contains("env.GREETING").doesNotContain("prod").doesNotContain("dev");
    }

    @Test
    void describeRedactsEnvUnlessShowEnv() {
        jpm.jpm("start", "--name", "s", "--env", "TOKEN=hunter2", HELLO).ok();
        assertThat(jpm.jpm("describe", "s").ok().out()).contains("TOKEN=<redacted>").doesNotContain("hunter2");
        assertThat(jpm.jpm("describe", "s", "--show-env").ok().out()).contains("TOKEN=hunter2");
        assertThat(jpm.jpm("ls").ok().out() + jpm.jpm("jlist").ok().out()).doesNotContain("hunter2");
    }

    @Test
    void startCwdInterpreterStopSignalAndNoAutorestart() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        // not executable and without an extension: only --interpreter makes it runnable
        Files.writeString(app.resolve("job"), "echo \"cwd=$PWD args=$*\"\ntrap 'echo got INT; exit 0' INT\nwhile true; do sleep 0.1; done\n");
        jpm.jpm("start", "--name", "j", "--cwd", app.toString(), "--interpreter", "bash", "--stop-signal", "SIGINT",
                "--no-autorestart", "job", "--", "x").ok();
        Path out = Path.of((String) jpm.jlist().getFirst().get("out_log"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(out)).contains("cwd=" + app + " args=x"));

        jpm.jpm("stop", "j").ok();
        assertThat(Files.readString(out)).contains("got INT");

        jpm.jpm("restart", "j").ok();
        long pid = (Long) jpm.jlist().getFirst().get("pid");
        new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
        await().atMost(WAIT).untilAsserted(() -> assertThat(jpm.jlist().getFirst())
                .containsEntry("status", "stopped").containsEntry("exit_signal", "SIGKILL"));
    }

    @Test
    void startWatchAndInterpreterArgs() throws Exception {
        Path app = Files.createDirectories(dir.resolve("w"));
        Files.writeString(app.resolve("run"), "echo \"flags=$-\"\nexec sleep 100000\n");
        jpm.jpm("start", "--name", "w", "--cwd", app.toString(), "--interpreter", "bash", "--interpreter-args", "-x",
                "--watch", "--min-uptime", "100", "run").ok();
        Path err = Path.of((String) jpm.jlist().getFirst().get("err_log"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(err)).as("bash -x traces to stderr").contains("+ echo"));
        long pid = (Long) jpm.jlist().getFirst().get("pid");
        Files.writeString(app.resolve("config"), "changed");
        await().atMost(WAIT).untilAsserted(() -> assertThat(jpm.jlist().getFirst().get("pid")).isNotNull().isNotEqualTo(pid));
    }

    @Test
    void scaleNeedsANamespaceWhenTheNameIsAmbiguousAndDiffPruneShowsDeletes() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: api\n    script: " + HELLO + "\n    namespace: shop\n    min_uptime: 100\n"
                + "  - name: api\n    script: " + HELLO + "\n    namespace: blog\n    min_uptime: 100\n");
        jpm.jpm("apply", eco.toString()).ok();
        JpmHomeFixture.Result ambiguous = jpm.jpm("scale", "api", "2");
        assertThat(ambiguous.exit()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("several namespaces").contains("--namespace");
        jpm.jpm("scale", "api", "2", "--namespace", "shop").ok();
        assertThat(jpm.jlist()).extracting(i -> i.get("namespace")).containsExactlyInAnyOrder("shop", "shop", "blog");

        Files.writeString(eco, "apps:\n  - name: api\n    script: " + HELLO + "\n    namespace: blog\n    min_uptime: 100\n");
        JpmHomeFixture.Result diff = jpm.jpm("diff", "--prune", eco.toString());
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("- delete  shop/api");
        assertThat(jpm.jpm("diff", eco.toString()).out()).contains("? keep    shop/api");
    }

    @Test
    void homeOptionWinsOverTheEnvironment() throws Exception {
        Path other = Files.createTempDirectory(Path.of("/tmp"), "jpm-it-other-");
        try {
            jpm.jpm("--home", other.toString(), "start", "--name", "elsewhere", HELLO).ok();
            assertThat(jpm.jpm("--home", other.toString(), "jlist").ok().out()).contains(other.resolve("logs").toString());
            assertThat(jpm.jlist()).as("the JPM_HOME daemon knows nothing of it").isEmpty();
            assertThat(Files.readString(other.resolve("daemon.pid")).strip()).isNotEmpty();
        } finally {
            jpm.jpm("--home", other.toString(), "kill");
            JpmHomeFixture.deleteTree(other);
        }
    }
}
