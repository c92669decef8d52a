package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Revisions recorded by apply in a real git work tree; history, diff --rev and rollback against a real daemon. */
class RevisionsIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path repo;

    static final String HELLO = JpmHomeFixture.fixture("hello.sh").toString();

    private static String app(String name, String greeting) {
        return "  - name: " + name + "\n    script: " + HELLO + "\n    min_uptime: 200\n    env:\n      GREETING: " + greeting
                + "\n      API_TOKEN: s3cret-token\n";
    }

    /** Runs git in the test's repository by argv, as a user would; fails the test if git does. */
    private String git(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private Path commit(String yaml, String message) throws Exception {
        Path eco = repo.resolve("eco.yaml");
        Files.writeString(eco, yaml);
        git("add", "eco.yaml");
        git("commit", "-q", "-m", message);
        return eco;
    }

    private Map<String, Long> pids() {
        return jpm.jlist().stream().collect(Collectors.toMap(i -> (String) i.get("name"), i -> (Long) i.get("pid")));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history(String target) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(jpm.jpm("history", target, "--json").ok().out().strip()))
                .get("revisions");
    }

    @Test
    void applyRecordsRevisionsWithTheCommitAndRollbackRestartsOnlyWhatDiffers() throws Exception {
        git("init", "-q", "-b", "main");
        Path eco = commit("apps:\n" + app("web", "one") + app("worker", "same"), "first");
        String first = git("rev-parse", "HEAD");
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("(revision 1)");
        // a no-op apply records nothing
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).doesNotContain("revision");

        commit("apps:\n" + app("web", "two") + app("worker", "same"), "second");
        String second = git("rev-parse", "HEAD");
        assertThat(jpm.jpm("apply", eco.toString()).ok().out()).contains("~ restart default/web").contains("(revision 2)");

        List<Map<String, Object>> revisions = history(eco.toString());
        assertThat(revisions).extracting(r -> r.get("number")).containsExactly(1L, 2L);
        assertThat(revisions).extracting(r -> (Object) ((Map<?, ?>) ((Map<?, ?>) r.get("source")).get("git")).get("commit"))
                .containsExactly(first, second);
        assertThat(revisions).extracting(r -> (Object) ((Map<?, ?>) ((Map<?, ?>) r.get("source")).get("git")).get("branch"))
                .containsOnly("main");
        assertThat(revisions).extracting(r -> (String) r.get("hash")).doesNotHaveDuplicates().allMatch(h -> h.length() == 64);
        assertThat(jpm.jpm("history", eco.toString(), "--json").out()).doesNotContain("s3cret-token");
        assertThat(jpm.jpm("history", eco.toString()).ok().out()).contains(second.substring(0, 12) + " main")
                .doesNotContain("s3cret-token");
        assertThat(jpm.jlist()).extracting(i -> i.get("revision")).containsOnly(2L);
        assertThat(jpm.jpm("describe", "web").ok().out()).containsPattern("revision +2 of " + eco + ", apply at .*, commit "
                + second.substring(0, 12) + " main");

        // the plan a rollback would carry out, between revisions
        JpmHomeFixture.Result diff = jpm.jpm("diff", eco.toString(), "--rev", "1");
        assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("~ restart default/web").doesNotContain("worker:").contains("from revision 2 to 1")
                .doesNotContain("s3cret-token");
        assertThat(jpm.jpm("diff", eco.toString(), "--rev", "2..2").exit()).isZero();
        assertThat(jpm.jpm("diff", eco.toString()).out()).contains("the file defines what revision 2 applied");

        Map<String, Long> before = pids();
        JpmHomeFixture.Result back = jpm.jpm("rollback", eco.toString()).ok();
        assertThat(back.out()).contains("~ restart default/web").contains("(revision 3)");
        Map<String, Long> after = pids();
        assertThat(after.get("worker")).as("the unchanged app keeps its process").isEqualTo(before.get("worker"));
        assertThat(after.get("web")).as("the changed app restarts").isNotEqualTo(before.get("web"));
        assertThat(jpm.jpm("describe", "web", "--show-env").ok().out()).contains("GREETING=one");

        revisions = history(eco.toString());
        assertThat(revisions).extracting(r -> r.get("number")).containsExactly(1L, 2L, 3L);
        Map<?, ?> rollback = (Map<?, ?>) revisions.getLast().get("source");
        assertThat(rollback.get("kind")).isEqualTo("rollback");
        assertThat(rollback.get("detail")).isEqualTo("to 1");
        assertThat(revisions.getLast().get("hash")).as("the same definitions as revision 1").isEqualTo(revisions.getFirst().get("hash"));
        assertThat(jpm.jpm("diff", eco.toString()).out()).contains("the file changed since revision 3");

        // history of an app: every revision that defined it
        assertThat(history("worker")).extracting(r -> r.get("number")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void mistakesSayWhatThereIs() throws Exception {
        Path eco = repo.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n" + app("web", "one"));
        JpmHomeFixture.Result never = jpm.jpm("rollback", eco.toString());
        assertThat(never.exit()).isEqualTo(2);
        assertThat(never.err()).contains("has no revisions: it was never applied").doesNotContain("Exception");

        jpm.jpm("apply", eco.toString()).ok();
        JpmHomeFixture.Result only = jpm.jpm("rollback", eco.toString());
        assertThat(only.exit()).isEqualTo(2);
        assertThat(only.err()).contains("has only revision 1: there is no earlier one to roll back to");
        JpmHomeFixture.Result missing = jpm.jpm("diff", eco.toString(), "--rev", "7");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no revision 7 of " + eco + "; there are: 1");
        assertThat(jpm.jpm("history", "nosuchapp").err()).contains("no revision defines an app 'nosuchapp'");
        // outside any git work tree: recorded without a commit
        Map<?, ?> source = (Map<?, ?>) history(eco.toString()).getFirst().get("source");
        assertThat(source.get("git")).isNull();
    }

    @Test
    void historyIsBoundedAndNumbersKeepGrowing() throws Exception {
        Path eco = repo.resolve("eco.yaml");
        for (int i = 1; i <= 4; i++) {
            Files.writeString(eco, "apps:\n" + app("web", "v" + i));
            jpm.jpmWithEnv(Map.of("JPM_REVISIONS_KEEP", "2"), "apply", eco.toString(), "--no-wait").ok();
        }
        assertThat(history(eco.toString())).extracting(r -> r.get("number")).containsExactly(3L, 4L);
        JpmHomeFixture.Result gone = jpm.jpm("rollback", eco.toString(), "--to", "1");
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).contains("no revision 1 of " + eco + " any more (only the last 2 are kept); there are: 3, 4");

        // a dry run plans and records nothing; --no-wait returns once started, and --json says the revision
        JpmHomeFixture.Result dry = jpm.jpm("rollback", eco.toString(), "--to", "3", "--dry-run").ok();
        assertThat(dry.out()).contains("~ restart default/web").contains("plan for revision 3 of " + eco + " (dry run, nothing changed)");
        assertThat(history(eco.toString())).extracting(r -> r.get("number")).containsExactly(3L, 4L);
        Map<?, ?> rolled = (Map<?, ?>) Json.parse(jpm.jpm("rollback", eco.toString(), "--no-wait", "--json").ok().out().strip());
        assertThat(rolled.get("revision")).isEqualTo(5L);
        assertThat(history(eco.toString())).extracting(r -> r.get("number")).containsExactly(4L, 5L);
        // without an argument: every file's, under a heading each
        assertThat(jpm.jpm("history").ok().out()).contains(eco + "\n").contains("rollback to 3");
        Path dir = jpm.home().resolve("revisions");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).singleElement().satisfies(f -> assertThat(
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));
        }
    }
}
