package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jpm.home.JpmHome;
import jpm.json.Json;
import jpm.rpc.Change;
import jpm.rpc.ErrorCode;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import jpm.ecosystem.AppSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** jpm apply / diff / validate / scale against a real daemon. */
class ApplyIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    static final String HELLO = JpmHomeFixture.fixture("hello.sh").toString();

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static String app(String name, int instances, String extra) {
        return "  - name: " + name + "\n    script: " + HELLO + "\n    instances: " + instances + "\n    min_uptime: 200\n" + extra;
    }

    /** name#instance -> pid */
    private Map<String, Long> pids() {
        return jpm.jlist().stream().collect(Collectors.toMap(i -> i.get("namespace") + "/" + i.get("name") + "#" + i.get("instance"),
                i -> (Long) i.get("pid")));
    }

    @Test
    void applyCreatesAllAndReapplyChangesNothing() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("web", 2, "    env:\n      GREETING: hi\n") + app("worker", 1, ""));
        JpmHomeFixture.Result first = jpm.jpm("apply", eco.toString()).ok();
        assertThat(first.out()).contains("+ start   default/web").contains("+ start   default/worker");
        Map<String, Long> before = pids();
        assertThat(before).hasSize(3).doesNotContainValue(null);
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("online");

        JpmHomeFixture.Result again = jpm.jpm("apply", eco.toString()).ok();
        assertThat(again.out()).contains("0 to start, 0 to restart, 0 to scale, 0 to update, 0 to delete, 2 unchanged");
        assertThat(pids()).isEqualTo(before);
        assertThat(jpm.jlist()).extracting(i -> i.get("restarts")).containsOnly(0L);
        assertThat(jpm.jpm("diff", eco.toString()).exit()).isZero();
    }

    @Test
    void envChangeRestartsOnlyThatAppAndDiffShowsItMasked() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("web", 1, "    env:\n      TOKEN: old-secret\n") + app("worker", 1, ""));
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Long> before = pids();
        Files.writeString(eco, "apps:\n" + app("web", 1, "    env:\n      TOKEN: new-secret\n") + app("worker", 1, ""));

        JpmHomeFixture.Result diff = jpm.jpm("diff", eco.toString());
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("env.TOKEN: (changed, value hidden)").doesNotContain("old-secret").doesNotContain("new-secret");

        JpmHomeFixture.Result r = jpm.jpm("apply", eco.toString()).ok();
        assertThat(r.out()).contains("~ restart default/web").doesNotContain("worker:");
        Map<String, Long> after = pids();
        assertThat(after.get("default/worker#0")).isEqualTo(before.get("default/worker#0"));
        assertThat(after.get("default/web#0")).isNotEqualTo(before.get("default/web#0"));
    }

    @Test
    void scalingKeepsOldPidsAndStartsOnlyTheDifference() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("web", 2, ""));
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Long> before = pids();
        Files.writeString(eco, "apps:\n" + app("web", 4, ""));
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("^ scale   default/web: 2 -> 4 instances");
        Map<String, Long> after = pids();
        assertThat(after).hasSize(4);
        assertThat(after.get("default/web#0")).isEqualTo(before.get("default/web#0"));
        assertThat(after.get("default/web#1")).isEqualTo(before.get("default/web#1"));

        jpm.jpm("scale", "web", "-3").ok();
        assertThat(pids()).containsOnlyKeys("default/web#0").containsEntry("default/web#0", before.get("default/web#0"));
    }

    @Test
    void liveFieldsChangeWithoutRestart() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("web", 1, ""));
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Long> before = pids();
        Files.writeString(eco, "apps:\n" + app("web", 1, "    max_memory_restart: 300M\n    cron_restart: \"0 3 * * *\"\n"));
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("= update  default/web: live, no restart");
        assertThat(pids()).isEqualTo(before);
        assertThat(jpm.jpm("describe", "web").ok().out()).contains("0 3 * * *").contains("300.0mb");
    }

    @Test
    void pruneDeletesOnlyThisFilesRemovedApps() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("a", 1, "") + app("b", 1, ""));
        Path other = write("other.yaml", "apps:\n" + app("c", 1, ""));
        jpm.jpm("apply", eco.toString()).ok();
        jpm.jpm("apply", other.toString()).ok();
        jpm.jpm("start", "--name", "byhand", "/bin/sleep", "--", "100000").ok();
        Files.writeString(eco, "apps:\n" + app("a", 1, ""));

        JpmHomeFixture.Result kept = jpm.jpm("apply", eco.toString()).ok();
        assertThat(kept.out()).contains("? keep    default/b");
        assertThat(jpm.jlist()).extracting(i -> i.get("name")).contains("a", "b", "c", "byhand");

        JpmHomeFixture.Result pruned = jpm.jpm("apply", "--prune", eco.toString()).ok();
        assertThat(pruned.out()).contains("- delete  default/b");
        assertThat(jpm.jlist()).extracting(i -> i.get("name")).containsExactlyInAnyOrder("a", "c", "byhand");
    }

    @Test
    void sameNameInTwoNamespacesIsTwoApps() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("api", 1, "    namespace: shop\n") + app("api", 1, "    namespace: blog\n"));
        jpm.jpm("apply", eco.toString()).ok();
        assertThat(pids()).containsOnlyKeys("shop/api#0", "blog/api#0");
    }

    @Test
    void invalidFileIsRefusedWithLineAndColumnAndChangesNothing() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("web", 1, ""));
        jpm.jpm("apply", eco.toString()).ok();
        String before = stableJlist();
        Path bad = write("bad.yaml", "apps:\n  - name: web\n    script: " + HELLO + "\n    instances: -x\n    restart_dealy: 5\n");

        JpmHomeFixture.Result r = jpm.jpm("apply", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":4:").contains(bad + ":5:5").contains("restart_delay");
        assertThat(stableJlist()).isEqualTo(before);
        assertThat(jpm.jpm("validate", bad.toString()).exit()).isEqualTo(2);
        assertThat(jpm.jpm("validate", eco.toString()).exit()).isZero();
    }

    @Test
    void aMissingScriptRefusesTheWholeFileAndAppliesNothing() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("good", 1, "") + "  - name: bad\n    script: /nonexistent/app.py\n");
        JpmHomeFixture.Result r = jpm.jpm("apply", eco.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("/nonexistent/app.py").contains("'bad'").contains("nothing was applied");
        assertThat(jpm.jlist()).isEmpty();
    }

    @Test
    void anAppThatCannotComeUpFailsTheApplyNamingIt() throws Exception {
        Path eco = write("eco.yaml", "apps:\n  - name: broken\n    script: /bin/false\n    max_restarts: 1\n    min_uptime: 500\n");
        JpmHomeFixture.Result r = jpm.jpm("apply", "--timeout", "30s", eco.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("default/broken").contains("errored").contains("exited with code 1");
    }

    /**
     * --no-wait returns once the processes are started: an app that runs is online in the very
     * next ls, one that cannot come up does not fail the command (it is errored in ls instead),
     * and a re-apply leaves the running ones alone.
     */
    @Test
    void noWaitReturnsOnceStartedWithoutWaitingForMinUptime() throws Exception {
        Path eco = write("eco.yaml", "apps:\n  - name: up\n    script: " + HELLO + "\n    instances: 2\n    min_uptime: 60000\n"
                + "  - name: broken\n    script: /bin/false\n    max_restarts: 1\n    min_uptime: 500\n");
        JpmHomeFixture.Result r = jpm.jpm("apply", "--no-wait", eco.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 to start").contains("(started, not waited for: see jpm ls)");
        assertThat(r.err()).doesNotContain("waiting:"); // a 60 s min_uptime was not waited for
        assertThat(jpm.jlist().stream().filter(i -> i.get("name").equals("up")).map(i -> i.get("status")))
                .containsExactly("online", "online");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> jpm.jlist().stream()
                .anyMatch(i -> i.get("name").equals("broken") && i.get("status").equals("errored")));
        List<Object> before = jpm.jlist().stream().filter(i -> i.get("name").equals("up")).map(i -> i.get("pid")).toList();
        JpmHomeFixture.Result again = jpm.jpm("apply", "--no-wait", eco.toString());
        assertThat(again.ok().out()).contains("0 to start, 0 to restart, 1 to resume"); // the errored one is tried again
        assertThat(jpm.jlist().stream().filter(i -> i.get("name").equals("up")).map(i -> i.get("pid")).toList())
                .isEqualTo(before).doesNotContainNull();
    }

    /**
     * An app that one file applied is another file's only when asked: without --take-over the
     * apply is refused whole (exit 1, the app and both files named, nothing changed); with it
     * the app moves, and then the first file is the one refused. jpm start of a script under the
     * app's name is refused likewise.
     */
    @Test
    void aSecondFileDoesNotTakeOverAnAppUnlessAsked() throws Exception {
        Path a = write("a.yaml", "apps:\n" + app("api", 1, "    env:\n      FROM: a\n"));
        Path b = write("b.yaml", "apps:\n" + app("api", 1, "    env:\n      FROM: b\n") + app("extra", 1, ""));
        jpm.jpm("apply", a.toString()).ok();
        String before = stableJlist();

        JpmHomeFixture.Result refused = jpm.jpm("apply", b.toString());
        assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("default/api").contains(a.toString()).contains(b.toString())
                .contains("--take-over").contains("nothing was changed");
        assertThat(refused.out()).contains("! conflict default/api");
        assertThat(stableJlist()).isEqualTo(before); // not even b's other app was started
        assertThat(jpm.jpm("apply", "--dry-run", b.toString()).exit()).isEqualTo(1);

        JpmHomeFixture.Result script = jpm.jpm("start", "--name", "api", HELLO);
        assertThat(script.exit()).isEqualTo(1);
        assertThat(script.err()).contains("default/api belongs to " + a).contains("--take-over");
        assertThat(stableJlist()).isEqualTo(before);

        JpmHomeFixture.Result taken = jpm.jpm("apply", "--take-over", b.toString()).ok();
        assertThat(taken.out()).contains("this file takes it over (--take-over)");
        assertThat(jpm.jpm("describe", "api", "--show-env").ok().out()).contains("FROM=b");
        JpmHomeFixture.Result back = jpm.jpm("apply", a.toString());
        assertThat(back.exit()).isEqualTo(1);
        assertThat(back.err()).contains("default/api belongs to " + b);

        jpm.jpm("start", "--take-over", "--name", "api", "/bin/sleep", "--", "100000").ok();
        assertThat(jpm.jpm("describe", "api").ok().out()).contains("/bin/sleep");
        // started by hand now: either file may adopt it again
        assertThat(jpm.jpm("apply", a.toString()).ok().out()).contains("was started by hand: this file takes it over");
    }

    /**
     * A crash loop fails the apply at once, long before max_restarts (50 here, with backoff: minutes)
     * or the timeout: the output names the exit code, the restart schedule and the app's last
     * stderr lines; --json gives the same as fields.
     */
    @Test
    void aCrashLoopFailsTheApplyFastWithItsExitAndErrorLog() throws Exception {
        Path script = Files.writeString(dir.resolve("crash.sh"), "#!/bin/sh\necho starting >&2\necho 'fatal: cannot open /etc/app.conf' >&2\nexit 1\n");
        Path eco = write("eco.yaml", "apps:\n  - name: crash\n    script: " + script + "\n    max_restarts: 50\n    min_uptime: 1000\n"
                + app("fine", 1, ""));
        JpmHomeFixture.Result r = jpm.jpm("apply", "--timeout", "120s", eco.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("default/crash#0").contains("3 unstable exits in a row").doesNotContain("not converged")
                .contains("last exit: code 1").contains("of max_restarts 50").contains("fatal: cannot open /etc/app.conf")
                .contains(" lines of ");
        assertThat(r.err()).containsPattern("restarts: (next in [0-9.]+ s|none scheduled)");

        JpmHomeFixture.Result json = jpm.jpm("apply", "--json", "--timeout", "120s", eco.toString());
        assertThat(json.exit()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) Json.parse(json.out().strip());
        @SuppressWarnings("unchecked")
        Map<String, Object> failing = ((List<Map<String, Object>>) tree.get("failing")).getFirst();
        assertThat(failing).containsEntry("app", "default/crash").containsEntry("exit_code", 1L).containsEntry("max_restarts", 50L)
                .containsKey("next_restart_in_ms").containsKey("unstable_restarts");
        @SuppressWarnings("unchecked")
        List<Object> tail = (List<Object>) failing.get("err_log_tail");
        assertThat(tail).contains("fatal: cannot open /etc/app.conf");
    }

    /** jpm reload waits for the new processes to stay up, and reports a crash loop the same way as apply. */
    @Test
    void aReloadIntoACrashLoopFailsWithItsExitAndErrorLog() throws Exception {
        Path script = Files.writeString(dir.resolve("flaky.sh"), "#!/bin/sh\nexec sleep 100000\n");
        Path eco = write("eco.yaml", "apps:\n  - name: flaky\n    script: " + script + "\n    max_restarts: 50\n    min_uptime: 500\n");
        jpm.jpm("apply", eco.toString()).ok();
        assertThat(jpm.jpm("reload", "flaky").ok().out()).contains("flaky");
        Files.writeString(script, "#!/bin/sh\necho 'panic: config version 3 unsupported' >&2\nexit 3\n");
        JpmHomeFixture.Result r = jpm.jpm("reload", "flaky");
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).contains("default/flaky#0").contains("3 unstable exits in a row").contains("last exit: code 3")
                .contains("panic: config version 3 unsupported");
    }

    /**
     * The daemon checks ownership again in the batch it executes, whatever the client planned: a
     * batch that gives another file's app a new owner is refused unless it says take_over.
     */
    @Test
    void theDaemonRefusesABatchThatMovesAnotherFilesAppUnasked() throws Exception {
        Path a = write("a.yaml", "apps:\n" + app("api", 1, ""));
        jpm.jpm("apply", a.toString()).ok();
        try (RpcClient c = RpcClient.connect(JpmHome.resolve(jpm.home().toString(), Map.of()).socket(), "it")) {
            Response.Observed seen = (Response.Observed) c.call(new Request.Observe());
            AppSpec spec = seen.apps().getFirst().spec();
            Response refused = c.call(new Request.Execute(seen.generation(), List.of(new Change.Update(spec, "/elsewhere/b.yaml"))));
            assertThat(refused).isInstanceOf(Response.Failure.class);
            assertThat(((Response.Failure) refused).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(((Response.Failure) refused).message()).contains("default/api belongs to " + a).contains("/elsewhere/b.yaml");
            assertThat(((Response.Observed) c.call(new Request.Observe())).apps().getFirst().owner()).isEqualTo(a.toString());

            Response moved = c.call(new Request.Execute(seen.generation(), List.of(new Change.Update(spec, "/elsewhere/b.yaml")), true));
            assertThat(moved).isInstanceOf(Response.Executed.class);
            assertThat(((Response.Observed) c.call(new Request.Observe())).apps().getFirst().owner()).isEqualTo("/elsewhere/b.yaml");
        }
    }

    /** PM2's most common sequence: stop an app, then start it again by name, id, namespace or all. */
    @Test
    void startOfAKnownAppStartsItByNameIdNamespaceOrAll() throws Exception {
        Path eco = write("eco.yaml", "apps:\n" + app("web", 2, "    namespace: shop\n") + app("api", 1, ""));
        jpm.jpm("apply", eco.toString()).ok();
        // a file named like the app in the cwd: the app wins
        Path file = Files.writeString(dir.resolve("api"), "#!/bin/sh\nexit 9\n");
        file.toFile().setExecutable(true);
        for (String target : List.of("api", idOf("api"), "shop", "all")) {
            jpm.jpm("stop", "all").ok();
            assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("stopped");
            JpmHomeFixture.Result r = jpm.jpmIn(dir, "start", target);
            assertThat(r.exit()).as(target + ": " + r.err()).isZero();
            List<Map<String, Object>> all = jpm.jlist();
            List<String> started = all.stream().filter(i -> i.get("status").equals("online"))
                    .map(i -> i.get("namespace") + "/" + i.get("name")).distinct().sorted().toList();
            assertThat(started).as(target).isEqualTo(switch (target) {
                case "api" -> List.of("default/api");
                case "shop" -> List.of("shop/web");
                case "all" -> List.of("default/api", "shop/web");
                default -> List.of("default/api");
            });
        }
        assertThat(jpm.jlist()).hasSize(3); // nothing new was created from the file ./api
    }

    private String idOf(String name) {
        return jpm.jlist().stream().filter(i -> i.get("name").equals(name)).map(i -> i.get("id").toString()).findFirst().orElseThrow();
    }

    /** jlist without the fields that change by themselves (uptime, cpu, memory). */
    private String stableJlist() {
        return jpm.jlist().stream().map(i -> {
            Map<String, Object> m = new java.util.TreeMap<>(i);
            m.keySet().removeAll(List.of("uptime_ms", "cpu_percent", "cpu_time_ms", "memory_bytes"));
            return m.toString();
        }).collect(Collectors.joining("\n"));
    }
}
