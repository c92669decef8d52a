package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jpm.home.JpmHome;
import jpm.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * jpm sync against a real daemon: a local bare repository and a work clone that the test commits
 * to and pushes, with {@code git} run by argv, as a person would.
 */
class SyncIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    Path bare;
    Path work;

    static final String HELLO = JpmHomeFixture.fixture("hello.sh").toString();
    static final String EXIT3 = JpmHomeFixture.fixture("exit3.sh").toString();
    /** Long enough for a loaded CI machine; the sources look every second. */
    static final long CONVERGE_MS = 30_000;

    @BeforeEach
    void repository() throws Exception {
        bare = dir.resolve("apps.git");
        work = dir.resolve("work");
        git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git(dir, "clone", "--quiet", bare.toString(), work.toString());
        git(work, "config", "user.email", "ci@example.com");
        git(work, "config", "user.name", "ci");
        git(work, "checkout", "--quiet", "-b", "main");
    }

    private static String app(String name, String script, String greeting) {
        return "  - name: " + name + "\n    script: " + script + "\n    min_uptime: 200\n    max_restarts: 2\n"
                + "    env:\n      GREETING: " + greeting + "\n";
    }

    /** Writes the file, commits and pushes it; gives the new commit. */
    private String commit(String content, String message) throws Exception {
        Files.writeString(work.resolve("eco.yaml"), content);
        git(work, "add", "eco.yaml");
        git(work, "commit", "--quiet", "-m", message);
        git(work, "push", "--quiet", "origin", "main");
        return git(work, "rev-parse", "HEAD");
    }

    private static String git(Path cwd, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", cwd.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", args, out).isZero();
        return out.strip();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> source(String name) {
        List<Map<String, Object>> all = (List<Map<String, Object>>) Json.parse(jpm.jpm("sync", "ls", "--json").ok().out().strip());
        return all.stream().filter(s -> name.equals(s.get("name"))).findFirst().orElse(null);
    }

    /** Polls jpm sync ls until the source is as wanted (the daemon looks every second). */
    private Map<String, Object> awaitSource(String name, Predicate<Map<String, Object>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONVERGE_MS);
        Map<String, Object> s = source(name);
        while (!wanted.test(s)) {
            if (System.nanoTime() > deadline) throw new AssertionError("source " + name + " not as expected: " + s);
            Thread.sleep(200);
            s = source(name);
        }
        return s;
    }

    /** name -> pid of every instance that is online. */
    private Map<String, Long> pids() {
        return jpm.jlist().stream().filter(i -> "online".equals(i.get("status")))
                .collect(Collectors.toMap(i -> (String) i.get("name"), i -> (Long) i.get("pid")));
    }

    @Test
    void commitsConvergeABrokenCommitKeepsTheRunningRevisionAndARevertConverges() throws Exception {
        String first = commit("apps:\n" + app("web", HELLO, "one") + app("worker", HELLO, "one"), "two apps");
        JpmHomeFixture.Result add = jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--interval", "1s", "--name", "demo");
        add.ok();
        assertThat(add.out()).contains("demo: applied " + first.substring(0, 12)).contains("2 to start");
        Map<String, Long> before = pids();
        assertThat(before).containsOnlyKeys("web", "worker");

        // a commit: only the app it changes restarts
        String second = commit("apps:\n" + app("web", HELLO, "one") + app("worker", HELLO, "two"), "worker says two");
        Map<String, Object> synced = awaitSource("demo", s -> second.equals(s.get("commit")));
        assertThat(synced.get("state")).isEqualTo("synced");
        Map<String, Long> afterSecond = pids();
        assertThat(afterSecond.get("web")).isEqualTo(before.get("web"));
        assertThat(afterSecond.get("worker")).isNotEqualTo(before.get("worker"));

        // a commit that breaks the file: nothing applied, the error with its position, the same processes
        try (EventSubscriber events = new EventSubscriber(new JpmHome(jpm.home()).socket(), null, "sync_failed", "sync_applied")) {
            String broken = commit("apps:\n" + app("web", HELLO, "one") + app("worker", HELLO, "two") + "    instances: lots\n", "oops");
            Map<String, Object> failed = awaitSource("demo", s -> broken.equals(s.get("failed_commit")));
            assertThat(failed.get("state")).isEqualTo("failed");
            assertThat(failed.get("commit")).isEqualTo(second);
            assertThat((String) failed.get("error")).matches("(?s)eco\\.yaml:\\d+:\\d+: /apps/1/instances: .*lots.*");
            assertThat(pids()).isEqualTo(afterSecond);
            assertThat(Files.readString(jpm.home().resolve("sync/demo/eco.yaml"))).doesNotContain("lots"); // the good commit is checked out
            awaitEvent(events, "sync_failed");
            Map<String, Object> e = events.events().stream().filter(x -> "sync_failed".equals(x.get("type"))).findFirst().orElseThrow();
            assertThat(e).containsEntry("source", "demo").containsEntry("commit", broken).containsEntry("restored", second);
            assertThat((String) e.get("error")).contains("eco.yaml:");
            // and describe of one of its apps says which commit runs and which failed, and why
            assertThat(jpm.jpm("describe", "web").ok().out()).containsPattern("sync +demo: failed, runs " + second.substring(0, 12)
                    + "; commit " + broken.substring(0, 12) + " not applied: eco\\.yaml:\\d+:\\d+: /apps/1/instances: ");

            // not retried at the next looks; said so by sync now
            JpmHomeFixture.Result now = jpm.jpm("sync", "now", "demo");
            assertThat(now.exit()).isEqualTo(1);
            assertThat(now.out()).contains("failed before; not retried until a new commit");

            // the revert converges, with nothing restarted: the file is the second commit's again
            git(work, "revert", "--no-edit", "HEAD");
            git(work, "push", "--quiet", "origin", "main");
            String reverted = git(work, "rev-parse", "HEAD");
            Map<String, Object> back = awaitSource("demo", s -> reverted.equals(s.get("commit")));
            assertThat(back.get("state")).isEqualTo("synced");
            assertThat(back.get("error")).isNull();
            assertThat(pids()).isEqualTo(afterSecond);
            awaitEvent(events, "sync_applied");
        }

        // sync rm: the apps keep running, and a new commit is not applied
        assertThat(jpm.jpm("sync", "rm", "demo").ok().out()).contains("stopped following demo");
        commit("apps:\n" + app("web", HELLO, "three") + app("worker", HELLO, "three"), "after rm");
        Thread.sleep(3000); // three intervals of the removed source
        assertThat(pids()).isEqualTo(afterSecond);
        assertThat(jpm.jpm("sync", "ls").ok().out()).contains("no sync sources");
    }

    @Test
    void anAppThatDoesNotComeUpPutsThePreviousDefinitionsBack() throws Exception {
        String good = commit("apps:\n" + app("web", HELLO, "one"), "web");
        jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--interval", "1h", "--name", "demo").ok();
        String bad = commit("apps:\n" + app("web", EXIT3, "one"), "web exits");

        JpmHomeFixture.Result now = jpm.jpm("sync", "now", "demo");
        assertThat(now.exit()).as(now.out()).isEqualTo(1);
        assertThat(now.out()).contains("commit " + bad.substring(0, 12) + " failed; " + good.substring(0, 12) + " runs")
                .contains("default/web#0");
        Map<String, Object> s = source("demo");
        assertThat(s).containsEntry("state", "failed").containsEntry("commit", good).containsEntry("failed_commit", bad);
        // the good commit's definitions run again: its script, online
        List<Map<String, Object>> web = jpm.jlist();
        assertThat(web).singleElement().satisfies(i -> assertThat(i.get("status")).isEqualTo("online"));
        assertThat(jpm.jpm("describe", "web").ok().out()).contains("hello.sh").doesNotContain("exit3.sh");
    }

    @Test
    void envPruneAndRetryAreTheApplysOptions() throws Exception {
        commit("apps:\n" + app("web", HELLO, "one") + "    env_prod:\n      GREETING: prod\n" + app("worker", HELLO, "one"), "two apps");
        jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--interval", "1h", "--name", "demo", "--env", "prod", "--prune")
                .ok();
        // --env prod: env_prod merged over env, as apply --env
        assertThat(jpm.jpm("describe", "web", "--show-env").ok().out()).contains("GREETING=prod");
        assertThat(jpm.jpm("describe", "worker", "--show-env").ok().out()).contains("GREETING=one");

        // --prune: an app the file no longer lists is deleted
        commit("apps:\n" + app("web", HELLO, "one") + "    env_prod:\n      GREETING: prod\n", "worker goes");
        jpm.jpm("sync", "now", "demo").ok();
        assertThat(pids()).containsOnlyKeys("web");

        // a head that failed is not applied again, unless with --retry
        String bad = commit("apps:\n" + app("web", EXIT3, "one"), "web exits");
        assertThat(jpm.jpm("sync", "now", "demo").exit()).isEqualTo(1);
        JpmHomeFixture.Result again = jpm.jpm("sync", "now", "demo");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("failed before; not retried until a new commit");
        JpmHomeFixture.Result retry = jpm.jpm("sync", "now", "demo", "--retry");
        assertThat(retry.exit()).as(retry.out()).isEqualTo(1);
        assertThat(retry.out()).contains("commit " + bad.substring(0, 12) + " failed;").doesNotContain("failed before");
    }

    @Test
    void addSaysWhatIsWrongAndRegistersNothing() throws Exception {
        commit("apps:\n" + app("web", HELLO, "one"), "web");
        JpmHomeFixture.Result unreachable = jpm.jpm("sync", "add", dir.resolve("nowhere.git").toString(), "--path", "eco.yaml");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the repository");
        JpmHomeFixture.Result branch = jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--branch", "nope");
        assertThat(branch.exit()).isEqualTo(1);
        assertThat(branch.err()).contains("no branch").contains("nope");
        JpmHomeFixture.Result path = jpm.jpm("sync", "add", bare.toString(), "--path", "deploy/eco.yaml");
        assertThat(path.exit()).isEqualTo(2);
        assertThat(path.err()).contains("no file deploy/eco.yaml in branch main");
        JpmHomeFixture.Result escape = jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--name", "../x");
        assertThat(escape.exit()).isEqualTo(2);
        assertThat(escape.err()).contains("invalid sync source name '../x'");
        assertThat(jpm.jpm("sync", "ls").ok().out()).contains("no sync sources");

        jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--interval", "1h").ok();
        JpmHomeFixture.Result twice = jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("a sync source named apps exists already");
        assertThat(jpm.jpm("sync", "rm", "other").exit()).isEqualTo(1);
        assertThat(Files.getPosixFilePermissions(jpm.home().resolve("sync/sources.json")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aNewDaemonFollowsTheSourcesOn() throws Exception {
        commit("apps:\n" + app("web", HELLO, "one"), "web");
        jpm.jpm("sync", "add", bare.toString(), "--path", "eco.yaml", "--interval", "1s", "--name", "demo").ok();
        assertThat(pids()).containsOnlyKeys("web");
        jpm.jpm("kill").ok();

        // the next daemon applies the running commit again (kill stopped the apps), then follows the branch
        jpm.jpm("ping").ok();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONVERGE_MS);
        while (!pids().containsKey("web")) {
            if (System.nanoTime() > deadline) throw new AssertionError("web not started again: " + jpm.jlist());
            Thread.sleep(200);
        }
        String next = commit("apps:\n" + app("web", HELLO, "one") + app("worker", HELLO, "one"), "worker");
        awaitSource("demo", s -> next.equals(s.get("commit")));
        assertThat(pids()).containsOnlyKeys("web", "worker");
    }

    private static void awaitEvent(EventSubscriber events, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONVERGE_MS);
        while (events.events().stream().noneMatch(e -> type.equals(e.get("type")))) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + type + " event: " + events.events());
            Thread.sleep(100);
        }
    }
}
