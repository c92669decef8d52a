package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jpm.Intervals;
import jpm.json.Json;
import jpm.os.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An app's hooks with the real CLI, a real daemon and real children (docs/hooks.md). */
class HooksIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aHookOnErroredGetsTheEventAsJsonOnStdinAndAsVariables() throws Exception {
        Path record = script("record.sh", "cat > \"$1.tmp\"\nenv | grep ^JPM_ > \"$1.env\"\nmv \"$1.tmp\" \"$1\"\n");
        Path event = dir.resolve("event.json");
        Path eco = write("apps:\n  - name: crasher\n    script: " + JpmHomeFixture.fixture("exit3.sh") + "\n    max_restarts: 0\n"
                + "    hooks:\n      errored: [" + record + ", " + event + "]\n");
        jpm.jpm("apply", eco.toString()); // fails: the app errors, which is what the hook is for

        await().atMost(WAIT).until(() -> Files.exists(event));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(event));
        assertThat(json).containsEntry("type", "errored").containsKey("at").containsKey("cause");
        assertThat((Map<String, Object>) json.get("subject")).containsEntry("namespace", "default").containsEntry("name", "crasher")
                .containsEntry("instance", 0L);
        List<String> env = Files.readAllLines(Path.of(event + ".env"));
        assertThat(env).contains("JPM_EVENT_TYPE=errored", "JPM_EVENT_NAME=crasher", "JPM_EVENT_NAMESPACE=default",
                "JPM_EVENT_INSTANCE=0", "JPM_EVENT_CAUSE=" + json.get("cause"), "JPM_HOME=" + jpm.home());
        assertThat(env).noneMatch(v -> v.startsWith("JPM_APP_NAME=")).as("the app's own variables are not the hook's");
    }

    @Test
    void aHookThatNeverEndsIsKilledAtItsTimeoutWhileTheAppIsSupervised() throws Exception {
        Path pids = dir.resolve("pids");
        Path hang = script("hang.sh", "trap '' TERM\necho $$ >> \"$1\"\nwhile :; do sleep 0.1; done\n");
        Path app = script("app.sh", "sleep 0.2\nexit 1\n");
        Path eco = write("apps:\n  - name: flaky\n    script: " + app + "\n    min_uptime: 50ms\n"
                + "    hooks:\n      exited: [" + hang + ", " + pids + "]\n");
        jpm.jpmWithEnv(Map.of("JPM_HOOK_TIMEOUT", "1s"), "apply", eco.toString());

        await().atMost(WAIT).until(() -> Files.exists(pids) && !Files.readString(pids).isBlank());
        long first = Long.parseLong(Files.readAllLines(pids).getFirst().strip());
        // while the first hooks hang, the app keeps restarting and the daemon answers
        await().atMost(WAIT).until(() -> (Long) jpm.jlist().getFirst().get("restarts") >= 6);
        assertThat(jpm.jpm("ls").ok().out()).contains("flaky");
        // 1 s, then SIGTERM (ignored), then SIGKILL 2 s later
        await().atMost(WAIT).until(() -> ProcFs.stat(first).map(ProcFs.Stat::zombie).orElse(true));
        // the daemon logs the kill once it has seen the hook end, which may come after the process did
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(jpm.home().resolve("daemon.log")))
                .contains("hook exited default/flaky#0: still running after 1000 ms (JPM_HOOK_TIMEOUT): SIGTERM to its process group "
                        + first).contains("hook exited default/flaky#0: killed by SIGKILL after its timeout"));
        assertThat(jpm.jlist().getFirst().get("status")).isIn("online", "launching", "waiting-restart");
    }

    @Test
    void aBurstOfAThousandEventsNeverRunsMoreThanTheCapAndCountsWhatWasDropped() throws Exception {
        Path intervals = dir.resolve("intervals");
        Path record = script("interval.sh", "s=$(date +%s%N)\nsleep 0.2\necho \"$s $(date +%s%N)\" >> \"$1\"\n");
        String hook = "[" + record + ", " + intervals + "]";
        // 333 instances: starting, spawned and online each, and app_created: 1,000 events in one apply
        Path eco = write("apps:\n  - name: many\n    script: /bin/sleep\n    args: [\"100000\"]\n    instances: 333\n"
                + "    hooks:\n      app_created: " + hook + "\n      starting: " + hook + "\n      spawned: " + hook
                + "\n      online: " + hook + "\n");
        jpm.jpmWithEnv(Map.of("JPM_HOOK_QUEUE", "50"), "apply", eco.toString()).ok();

        Pattern dropped = Pattern.compile("hooks: dropped \\d+ event\\(s\\) while the queue was full \\((\\d+) since the daemon started\\)");
        long[] total = {-1};
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Matcher m = dropped.matcher(Files.readString(jpm.home().resolve("daemon.log")));
            while (m.find()) total[0] = Long.parseLong(m.group(1));
            return total[0] > 0 && Files.exists(intervals) && Files.readAllLines(intervals).size() + total[0] == 1000;
        });
        List<String> runs = Files.readAllLines(intervals);
        assertThat(runs.size()).as("4 running and 50 waiting, at least").isGreaterThanOrEqualTo(54);
        assertThat(Intervals.maxOverlap(runs)).as("hooks running at once").isBetween(2, 4);
    }

    @Test
    void changingHooksIsALiveUpdateAndTheNewHooksRunAtOnce() throws Exception {
        Path stopped = dir.resolve("stopped");
        Path touch = script("touch.sh", "touch \"$1\"\n");
        String app = "apps:\n  - name: web\n    script: /bin/sleep\n    args: [\"100000\"]\n";
        Path eco = write(app + "    hooks:\n      errored: [" + touch + ", " + dir.resolve("errored") + "]\n");
        jpm.jpm("apply", eco.toString()).ok();
        long pid = (Long) jpm.jlist().getFirst().get("pid");

        Files.writeString(eco, app + "    hooks:\n      stopped: [" + touch + ", " + stopped + "]\n");
        JpmHomeFixture.Result diff = jpm.jpm("diff", eco.toString());
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("= update  default/web: live, no restart").contains("hooks.errored").contains("hooks.stopped");
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("= update  default/web: live, no restart");
        assertThat(jpm.jlist().getFirst().get("pid")).isEqualTo(pid);

        jpm.jpm("stop", "web").ok();
        await().atMost(WAIT).until(() -> Files.exists(stopped));
    }

    private Path write(String yaml) throws IOException {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, yaml);
        return eco;
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
