package jpm.rpc;

/**
 * A sync source as {@code jpm sync ls} shows it (docs/gitops.md).
 *
 * @param state {@code synced} (the head runs), {@code failed} (the head is a bad commit; the
 *     previous good one runs), {@code error} (a passing problem: see {@code problem}),
 *     {@code pending} (not applied yet)
 * @param commit the commit that runs, or null
 * @param head the branch's head at the last fetch, or null
 * @param failedCommit the last commit that failed (not retried until a new one comes), or null
 * @param error why it failed: {@code file:line:col: message} lines, or the app that did not come up; null when the head is not a failed commit
 * @param problem a passing problem, retried at the next interval, or null
 * @param lastResult what the last look did, for people
 */
public record SyncSourceInfo(String name, String url, String branch, String path, long intervalMs, boolean prune, String env,
                             String state, String commit, String appliedAt, String head, String checkedAt, String failedCommit,
                             String error, String problem, String lastResult) {}
