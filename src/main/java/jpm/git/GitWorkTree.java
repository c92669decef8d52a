package jpm.git;

import java.nio.file.Path;

/**
 * The commit an ecosystem file in a git work tree was read from: HEAD, its branch, and whether
 * the tree had changes not committed (then the file applied may differ from the commit). Plumbing
 * commands through {@link Git}, which never prompts.
 */
public final class GitWorkTree {
    /**
     * @param branch the branch checked out; null when HEAD is detached
     * @param dirty tracked files differ from HEAD, or the file itself is not committed
     */
    public record Head(String commit, String branch, boolean dirty) {}

    private final Git git;

    public GitWorkTree(Git git) {
        this.git = git;
    }

    /** HEAD of the work tree holding {@code file}, or null when it is in none, has no commit yet, or git cannot run. */
    public Head describe(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        try {
            // outside any repository this fails too: no separate look for a work tree
            Git.Result head = git.run(dir, "rev-parse", "--verify", "-q", "HEAD");
            if (!head.ok() || head.out().isEmpty()) return null;
            Git.Result branch = git.run(dir, "symbolic-ref", "-q", "--short", "HEAD");
            Git.Result status = git.run(dir, "status", "--porcelain", "--untracked-files=no");
            boolean tracked = git.run(dir, "ls-files", "--error-unmatch", "--", abs.getFileName().toString()).ok();
            boolean dirty = !status.ok() || !status.out().isEmpty() || !tracked;
            return new Head(head.out(), branch.ok() && !branch.out().isEmpty() ? branch.out() : null, dirty);
        } catch (GitException e) {
            return null; // no git: the revision is recorded without a commit
        }
    }
}
