package jpm.plan;

import java.util.Objects;

/**
 * Who may change an app. Every app records the ecosystem file that applied it (its owner), or
 * none when it was started by hand. A file may adopt an app started by hand (with a note), but an
 * app of another file is a conflict unless the apply asks to take it over: two files that both
 * list an app would otherwise flip its definition back and forth at every apply (kubectl's
 * server-side apply and Helm refuse the same way, and take over only when told). Pure.
 */
public final class Ownership {
    private Ownership() {}

    /** The outcome for one app the file lists and the daemon has. */
    public sealed interface Claim {}

    /** The file owns it already. */
    public record Own() implements Claim {}

    /** The file takes the app over: from nobody (started by hand), or from another file with --take-over. */
    public record Move(String from, String note) implements Claim {}

    /** Another file owns it and the apply did not ask to take it over. */
    public record Refuse(Conflict conflict) implements Claim {}

    /**
     * @param app namespace/name
     * @param owner the file that owns it
     * @param claimant the file that wants to change it
     */
    public record Conflict(String app, String owner, String claimant) {
        public String message() {
            return app + " belongs to " + owner + ", not to " + claimant
                    + ": apply that file to change it, or give --take-over to make it this file's";
        }
    }

    /**
     * @param owner the app's owner (null: started by hand)
     * @param claimant the file being applied
     * @param takeOver whether the apply was given --take-over
     */
    public static Claim claim(String app, String owner, String claimant, boolean takeOver) {
        if (Objects.equals(owner, claimant)) return new Own();
        if (owner == null) return new Move(null, app + " was started by hand: this file takes it over");
        if (!takeOver) return new Refuse(new Conflict(app, owner, claimant));
        return new Move(owner, app + " belonged to " + owner + ": this file takes it over (--take-over)");
    }
}
