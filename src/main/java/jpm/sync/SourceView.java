package jpm.sync;

import jpm.rpc.SyncSourceInfo;

/** A source as {@code jpm sync ls} shows it, its state told from its status. Pure. */
final class SourceView {
    private SourceView() {}

    static SyncSourceInfo of(Source s) {
        Source.Status st = s.status();
        boolean headFailed = st.failedCommit() != null && st.failedCommit().equals(st.head());
        return new SyncSourceInfo(s.name(), s.url(), s.branch(), s.path(), s.intervalMs(), s.prune(), s.env(), state(st),
                st.commit(), st.appliedAt(), st.head(), st.checkedAt(), st.failedCommit(), headFailed ? st.error() : null,
                st.problem(), st.lastResult());
    }

    /** synced, failed, error or pending (SyncSourceInfo). */
    static String state(Source.Status st) {
        if (st.failedCommit() != null && st.failedCommit().equals(st.head())) return "failed";
        if (st.problem() != null) return "error";
        if (st.commit() != null && st.commit().equals(st.head())) return "synced";
        return "pending";
    }
}
