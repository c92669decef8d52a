package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/build-check.sh, the launcher's "must the jar be built?" decision, on fake checkouts: a
 * branch in a loose ref or in packed-refs, a detached HEAD, a worktree whose .git is a file, and
 * no git at all. Driven through bash, as bin/jpm runs it.
 */
class BuildCheckTest {
    static final Path SCRIPT = Path.of("bin/build-check.sh").toAbsolutePath();
    static final String A = "1111111111111111111111111111111111111111";
    static final String B = "2222222222222222222222222222222222222222";

    @TempDir
    Path root;

    /** why_build for {@link #root}: empty when the jar is current. */
    private String whyBuild() throws IOException, InterruptedException {
        return bash("jpm_why_build \"$2\"; printf %s \"$why_build\"");
    }

    private String bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; . \"$1\"; " + script, "_", SCRIPT.toString(), root.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private void file(String path, String text) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void builtFrom(String commit) throws IOException {
        file("target/jpm.jar", "jar");
        file("target/jpm.stamp", commit + " dirty\n");
    }

    @Test
    void aMissingJarIsBuiltWithOrWithoutGit() throws Exception {
        assertThat(whyBuild()).startsWith("building " + root.resolve("target/jpm.jar") + " (first run)");
    }

    @Test
    void withoutGitAnExistingJarIsNeverRebuilt() throws Exception {
        file("target/jpm.jar", "jar"); // and no stamp
        assertThat(whyBuild()).isEmpty();
    }

    @Test
    void aBranchInALooseRef() throws Exception {
        file(".git/HEAD", "ref: refs/heads/main\n");
        file(".git/refs/heads/main", A + "\n");
        builtFrom(A);
        assertThat(whyBuild()).isEmpty();
        file(".git/refs/heads/main", B + "\n"); // git pull
        assertThat(whyBuild()).isEqualTo("sources changed since the last build (built from " + A + ", HEAD is " + B
                + "): rebuilding " + root.resolve("target/jpm.jar"));
        Files.delete(root.resolve("target/jpm.stamp")); // a jar from a build that wrote no stamp
        assertThat(whyBuild()).contains("built from an unknown commit").contains("rebuilding");
    }

    @Test
    void aBranchOnlyInPackedRefs() throws Exception {
        file(".git/HEAD", "ref: refs/heads/main\n");
        file(".git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + B + " refs/heads/dev\n" + A
                + " refs/heads/main\n^" + B + "\n" + B + " refs/tags/v1\n");
        builtFrom(A);
        assertThat(whyBuild()).isEmpty();
        builtFrom(B);
        assertThat(whyBuild()).contains("HEAD is " + A);
    }

    @Test
    void aLooseRefWinsOverPackedRefs() throws Exception {
        file(".git/HEAD", "ref: refs/heads/main\n");
        file(".git/packed-refs", A + " refs/heads/main\n");
        file(".git/refs/heads/main", B + "\n");
        builtFrom(B);
        assertThat(whyBuild()).isEmpty();
    }

    @Test
    void aDetachedHead() throws Exception {
        file(".git/HEAD", A + "\n");
        builtFrom(A);
        assertThat(whyBuild()).isEmpty();
        file(".git/HEAD", B + "\n"); // git checkout B
        assertThat(whyBuild()).contains("HEAD is " + B);
    }

    @Test
    void aWorktreeWhoseGitIsAFile() throws Exception {
        // the main checkout's .git holds the branches; the worktree's own dir its HEAD and commondir
        file("main/.git/refs/heads/feature", B + "\n");
        file("main/.git/worktrees/wt/HEAD", "ref: refs/heads/feature\n");
        file("main/.git/worktrees/wt/commondir", "../..\n");
        file(".git", "gitdir: main/.git/worktrees/wt\n"); // relative, as git writes with --relative-paths
        builtFrom(B);
        assertThat(whyBuild()).isEmpty();
        file(".git", "gitdir: " + root.resolve("main/.git/worktrees/wt") + "\n");
        assertThat(whyBuild()).isEmpty();
        file("main/.git/refs/heads/feature", A + "\n");
        assertThat(whyBuild()).contains("HEAD is " + A);
    }

    @Test
    void aBranchWithoutCommitsIsUnknownAndRebuilt() throws Exception {
        file(".git/HEAD", "ref: refs/heads/new\n");
        builtFrom(A);
        assertThat(whyBuild()).contains("HEAD is unknown");
    }

    @Test
    void aGitFileThatNamesNothingIsNoCheckout() throws Exception {
        file(".git", "not a gitdir line\n");
        file("target/jpm.jar", "jar");
        assertThat(whyBuild()).isEmpty();
    }

    @Test
    void readsThisCheckoutAsGitDoes() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Process git = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
        String expected = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(git.waitFor() == 0, "not a git checkout: " + expected);
        Process p = new ProcessBuilder("bash", "-c", ". \"$1\"; jpm_git_state \"$2\"; printf %s \"$jpm_git_head\"", "_",
                SCRIPT.toString(), repo.toString()).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
