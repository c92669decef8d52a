package jpm.rpc;

/**
 * Why an apply ran, recorded with the revision it makes.
 *
 * @param kind {@code apply} (a person's jpm apply or jpm start FILE), {@code rollback}, or {@code sync}
 * @param detail what a person reads beside the kind: the revision rolled back to, the sync source's
 *     name; null when there is nothing to add
 * @param git the commit the file was read from; null when the file is in no git work tree
 */
public record RevisionSource(String kind, String detail, GitCommit git) {
    public static final String APPLY = "apply";
    public static final String ROLLBACK = "rollback";
    public static final String SYNC = "sync";

    public RevisionSource {
        if (!APPLY.equals(kind) && !ROLLBACK.equals(kind) && !SYNC.equals(kind)) {
            throw new IllegalArgumentException("revision kind must be apply, rollback or sync, got " + kind);
        }
    }
}
