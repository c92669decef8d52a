package jpm.rpc;

/**
 * The git commit an ecosystem file was read from.
 *
 * @param commit the full object name of the commit
 * @param branch the branch checked out or followed; null when detached
 * @param dirty the work tree had changes not committed (the file applied may differ from the commit)
 * @param remote where the commit was fetched from (a sync source's URL or path); null for a local work tree
 */
public record GitCommit(String commit, String branch, boolean dirty, String remote) {
    public GitCommit {
        if (commit == null || commit.isBlank()) throw new IllegalArgumentException("commit is required");
    }

    /** The first 12 characters, as people quote a commit. */
    public String shortName() {
        return shortName(commit);
    }

    /** A commit's object name as people quote it (its first 12 characters); {@code -} for none. */
    public static String shortName(String commit) {
        return commit == null ? "-" : commit.length() <= 12 ? commit : commit.substring(0, 12);
    }
}
