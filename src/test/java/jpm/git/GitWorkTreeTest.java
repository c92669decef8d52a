package jpm.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit of a file's work tree, read from a real repository the test makes. */
class GitWorkTreeTest {
    @TempDir
    Path dir;

    final GitWorkTree tree = new GitWorkTree(new Git("git", Duration.ofSeconds(20)));

    private String git(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=T", "-c", "user.email=t@example.invalid",
                "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aFileOutsideAnyWorkTreeHasNoCommit() throws Exception {
        Path f = Files.writeString(dir.resolve("eco.yaml"), "apps: []\n");
        assertThat(tree.describe(f)).isNull();
    }

    @Test
    void aRepositoryWithoutACommitHasNone() throws Exception {
        git("init", "-q", "-b", "main");
        assertThat(tree.describe(Files.writeString(dir.resolve("eco.yaml"), "apps: []\n"))).isNull();
    }

    @Test
    void headBranchAndDirtiness() throws Exception {
        git("init", "-q", "-b", "main");
        Path f = Files.writeString(dir.resolve("eco.yaml"), "apps: []\n");
        git("add", "eco.yaml");
        git("commit", "-q", "-m", "one");
        String head = git("rev-parse", "HEAD");
        assertThat(tree.describe(f)).isEqualTo(new GitWorkTree.Head(head, "main", false));

        Files.writeString(dir.resolve("untracked.log"), "x"); // untracked files elsewhere do not make it dirty
        assertThat(tree.describe(f).dirty()).isFalse();
        Files.writeString(f, "apps: [] # changed\n");
        assertThat(tree.describe(f).dirty()).isTrue();
        git("checkout", "-q", "--", "eco.yaml");

        Path uncommitted = Files.writeString(dir.resolve("other.yaml"), "apps: []\n");
        assertThat(tree.describe(uncommitted)).isEqualTo(new GitWorkTree.Head(head, "main", true));

        git("checkout", "-q", "--detach");
        assertThat(tree.describe(f)).isEqualTo(new GitWorkTree.Head(head, null, false));
    }

    @Test
    void noGitBinaryIsNoCommitNotAnError() throws Exception {
        Path f = Files.writeString(dir.resolve("eco.yaml"), "apps: []\n");
        assertThat(new GitWorkTree(new Git("/nonexistent/git", Duration.ofSeconds(5))).describe(f)).isNull();
    }
}
