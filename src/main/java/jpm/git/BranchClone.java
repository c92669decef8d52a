package jpm.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A clone that follows one branch of one repository: cloned once, fetched on each look, its work
 * tree checked out at whichever commit should run (detached, so a branch moved by a force push
 * never leaves it half merged). Every operation is a {@code git} run by argv ({@link Git}).
 */
public final class BranchClone {
    private final Git git;
    private final Path dir;
    private final String url;
    private final String branch;

    public BranchClone(Git git, Path dir, String url, String branch) {
        this.git = git;
        this.dir = dir;
        this.url = url;
        this.branch = branch;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the directory holds a clone of this URL already (so a source added again reuses it). */
    public boolean existsForUrl() throws GitException {
        if (!Files.isDirectory(dir.resolve(".git"))) return false;
        Git.Result r = git.run(dir, "remote", "get-url", "origin");
        return r.ok() && r.out().equals(url);
    }

    /**
     * Clones the branch alone, without checking anything out (the caller checks out the commit it
     * decides to run).
     *
     * @throws GitException when the repository cannot be read or has no such branch, saying which
     */
    public void create() throws GitException {
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new GitException("cannot create " + dir.getParent() + ": " + e.getMessage());
        }
        Git.Result r = git.run(dir.getParent(), "clone", "--quiet", "--no-checkout", "--single-branch", "--branch", branch,
                "--", url, dir.toString());
        if (!r.ok()) throw new GitException(cloneProblem(r.stderr()));
    }

    /** Fetches the branch and gives its head commit. */
    public String fetch() throws GitException {
        Git.Result r = git.run(dir, "fetch", "--quiet", "origin", "+refs/heads/" + branch + ":refs/remotes/origin/" + branch);
        if (!r.ok()) {
            String why = firstLine(r.stderr());
            if (why.contains("couldn't find remote ref")) throw new GitException("branch '" + branch + "' is gone from " + url);
            throw new GitException("cannot fetch " + url + ": " + why);
        }
        Git.Result head = git.run(dir, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/" + branch + "^{commit}");
        if (!head.ok()) throw new GitException("branch '" + branch + "' of " + url + " has no commit");
        return head.out();
    }

    /** Whether {@code path} (relative, with /) is a file in that commit. */
    public boolean hasFile(String commit, String path) throws GitException {
        Git.Result r = git.run(dir, "cat-file", "-t", commit + ":" + path);
        return r.ok() && r.out().equals("blob");
    }

    /** Makes the work tree that commit's, whatever was changed in it by hand. */
    public void checkout(String commit) throws GitException {
        Git.Result r = git.run(dir, "checkout", "--quiet", "--force", "--detach", commit);
        if (!r.ok()) throw new GitException("cannot check out " + commit + " in " + dir + ": " + firstLine(r.stderr()));
    }

    /** The messages people act on, for what a clone's failure usually means. */
    static String cloneProblem(String stderr) {
        String why = firstLine(stderr);
        if (stderr.contains("Remote branch") && stderr.contains("not found")) {
            return "the repository has no branch named in --branch (" + why + ")";
        }
        if (stderr.contains("does not exist") || stderr.contains("Could not read from remote") || stderr.contains("not found")
                || stderr.contains("unable to access")) {
            return "cannot reach the repository: " + why + " (check the URL or path, and that your git credentials can read it)";
        }
        return "git clone failed: " + why;
    }

    private static String firstLine(String s) {
        for (String line : s.strip().split("\n")) {
            String l = line.strip();
            if (l.startsWith("fatal:") || l.startsWith("error:")) return l;
        }
        return s.strip().isEmpty() ? "(no message)" : s.strip().split("\n")[0];
    }
}
