package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A command the daemon cannot carry out fails with the real reason, and leaves nothing half done. */
class FailureAnswersIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    @Test
    void aScriptWhoseInterpreterIsMissingFailsStartNamingBothAndNothingIsLeft() throws Exception {
        Path script = dir.resolve("x.sh");
        Files.writeString(script, "#!/nonexistent/sh\necho hi\n");
        script.toFile().setExecutable(true);

        // executed as itself (a .sh file is otherwise run by bash, as PM2 does, and its #! line is not used)
        JpmHomeFixture.Result r = jpm.jpm("start", "--interpreter", "none", script.toString());
        assertThat(r.exit()).as("stderr=%s", r.err()).isEqualTo(2);
        assertThat(r.err()).contains(script.toString()).contains("/nonexistent/sh").doesNotContain("Exception");
        assertThat(jpm.jlist()).as("not created, as for a missing script").isEmpty();

        // fixed, the same command starts it
        Files.writeString(script, "#!/bin/sh\nexec sleep 1000\n");
        jpm.jpm("start", "--interpreter", "none", script.toString()).ok();
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsExactly("online");
    }

    @Test
    void applyWhoseLogDirectoryCannotBeMadeFailsNamingItAndStartsNothing() throws Exception {
        jpm.jpm("ping").ok();
        Path inTheWay = jpm.home().resolve("logs/shop");
        Files.writeString(inTheWay, "a file where the namespace's log directory goes\n");
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n"
                + "  - name: web\n    namespace: default\n    script: /bin/sleep\n    args: ['1000']\n"
                + "  - name: api\n    namespace: shop\n    script: /bin/sleep\n    args: ['1000']\n");

        JpmHomeFixture.Result r = jpm.jpm("apply", "--timeout", "20s", eco.toString());
        assertThat(r.exit()).as("stdout=%s stderr=%s", r.out(), r.err()).isNotZero();
        assertThat(r.err()).contains(inTheWay.toString()).contains("not a directory")
                .doesNotContain("removed by another command");
        assertThat(jpm.jlist()).as("a batch is all or nothing").isEmpty();
    }

    @Test
    void aStoppedProcessIsContinuedAfterItsStopSignalAndStopsByItsOwnHandler() throws Exception {
        Path marker = dir.resolve("marker");
        jpm.jpm("start", "--name", "paused", "--kill-timeout", "40000", JpmHomeFixture.fixture("term-marker.py").toString(),
                "--", marker.toString()).ok();
        long pid = (Long) jpm.jlist().getFirst().get("pid");
        Path out = Path.of((String) jpm.jlist().getFirst().get("out_log"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.exists(out) && Files.readString(out).contains("ready"));
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();

        jpm.jpm("stop", "paused").ok();

        assertThat(marker).as("its SIGTERM handler ran").exists();
        java.util.Map<String, Object> i = jpm.jlist().getFirst();
        assertThat(i).containsEntry("status", "stopped").containsEntry("exit_code", 0L);
        assertThat(i.get("exit_signal")).as("not SIGKILLed at kill_timeout").isNull();
    }
}
