package jpm.sync;

/**
 * A source as sources.json keeps it: what to follow and how it went.
 *
 * @param name see {@link SourceName}
 * @param url the repository, as git takes it (URL, or an absolute path)
 * @param branch the branch followed
 * @param path the ecosystem file's path in the repository ({@link SourceSettings#path})
 * @param intervalMs how often the branch is fetched
 * @param prune apply with {@code --prune}: apps the file no longer lists are deleted
 * @param env {@code --env NAME} of the apply, or null
 * @param status how the last looks went
 */
public record Source(String name, String url, String branch, String path, long intervalMs, boolean prune, String env,
                     Status status) {
    public Source {
        if (status == null) status = Status.NEW;
    }

    public Source with(Status s) {
        return new Source(name, url, branch, path, intervalMs, prune, env, s);
    }

    /**
     * @param commit the commit that runs: applied last with success (or put back after a bad one), or null
     * @param appliedAt when it was applied (ISO-8601), or null
     * @param head the branch's head at the last fetch, or null
     * @param checkedAt when the branch was last fetched (ISO-8601), or null
     * @param failedCommit the commit that failed last (not retried until a new one comes), or null
     * @param error why {@code failedCommit} failed: {@code file:line:col: message} lines, or the app that did not come up
     * @param problem a passing problem retried at the next interval (the repository unreachable, the daemon busy), or null
     * @param lastResult what the last look did, for people
     */
    public record Status(String commit, String appliedAt, String head, String checkedAt, String failedCommit, String error,
                         String problem, String lastResult) {
        public static final Status NEW = new Status(null, null, null, null, null, null, null, null);

        /** What is worth writing to disk: all but when it was last looked at and what that look said. */
        public Status durable() {
            return new Status(commit, appliedAt, head, null, failedCommit, error, problem, null);
        }
    }
}
