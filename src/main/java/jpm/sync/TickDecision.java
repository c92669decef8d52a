package jpm.sync;

/**
 * What one look at a source does with the branch's head: nothing when it runs already, nothing
 * when that very commit failed before (a bad commit is retried only when a new one comes, or
 * when asked with {@code --retry}), else apply it. And after a failure, how the previous good
 * commit is put back. Pure.
 */
public final class TickDecision {
    private TickDecision() {}

    public enum Action { UP_TO_DATE, FAILED_BEFORE, APPLY }

    /** How a commit failed. */
    public enum Failure {
        /** The file could not be read (missing, invalid): nothing was applied. */
        INVALID,
        /** The daemon refused the batch whole (a script missing, another file's apps): nothing was applied. */
        REFUSED,
        /** Applied, but an app did not come up. */
        NOT_READY
    }

    /** What puts the previous good commit back after a failure. */
    public enum Recovery {
        /** No good commit yet: the work tree stays at the bad one; nothing else to do. */
        NONE,
        /** Nothing was applied: the work tree goes back to the good commit. */
        CHECKOUT_GOOD,
        /** The bad commit's definitions were applied: the good commit is checked out and applied again. */
        REAPPLY_GOOD
    }

    /**
     * @param head the branch's head now
     * @param good the commit applied last with success, or null
     * @param failed the commit that failed last, or null
     * @param retry {@code jpm sync now --retry}: apply a head that failed before
     */
    public static Action decide(String head, String good, String failed, boolean retry) {
        if (head.equals(good)) return Action.UP_TO_DATE;
        if (head.equals(failed) && !retry) return Action.FAILED_BEFORE;
        return Action.APPLY;
    }

    public static Recovery recovery(Failure failure, String good) {
        if (good == null) return Recovery.NONE;
        return failure == Failure.NOT_READY ? Recovery.REAPPLY_GOOD : Recovery.CHECKOUT_GOOD;
    }
}
