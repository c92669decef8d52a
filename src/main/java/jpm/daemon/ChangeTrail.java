package jpm.daemon;

import java.util.List;
import jpm.daemon.state.SavedState;

/**
 * Who changed apps, and how, for drift (docs/gitops.md, "Drift"): on each app what its last apply
 * set and its last change by hand, and a journal of the apps of ecosystem files that a command
 * removed (the last {@link #JOURNAL}). The request handlers call it on the loop, where each
 * request enters; state.json keeps it all ({@link Persistence} writes it after the task).
 */
final class ChangeTrail {
    /** Removals kept: enough for the deletions between two applies, small enough for state.json. */
    static final int JOURNAL = 50;

    private final Apps apps;
    private final String user;

    /**
     * @param user the name of the clients' user: the socket admits only the daemon's own user
     *     (its peer's uid is checked), so every request comes from it
     */
    ChangeTrail(Apps apps, String user) {
        this.apps = apps;
        this.user = user;
    }

    /** An apply of {@code file} changed the app: its size now is what the file says; earlier removals of it are moot. */
    void applied(App app, String file) {
        if (file == null) return;
        app.applied = new SavedState.Applied(file, app.spec.instances(), apps.clock().instant());
        apps.removed().removeIf(r -> r.app().equals(app.spec.id()));
        apps.touch();
    }

    /** A command changed the app by hand. */
    void byHand(App app, String command) {
        app.changed = new SavedState.Changed(command, user, apps.clock().instant());
        apps.touch();
    }

    /** A command removed the app: kept in the journal when a file had applied it (else no file misses it). */
    void removedByHand(App app, String command) {
        String file = app.owner != null ? app.owner : app.applied == null ? null : app.applied.file();
        if (file == null) return;
        List<SavedState.Removed> journal = apps.removed();
        journal.removeIf(r -> r.app().equals(app.spec.id()));
        journal.add(new SavedState.Removed(app.spec.id(), file, command, user, apps.clock().instant()));
        while (journal.size() > JOURNAL) journal.removeFirst();
        apps.touch();
    }
}
