package jpm.daemon.state;

import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * One revision of an ecosystem file as the daemon keeps it (docs/gitops.md): complete
 * definitions, env values included, so that a rollback restores them; the file is private to
 * the user (0600), like state.json.
 *
 * @param kind apply, rollback or sync
 * @param detail what goes with the kind (the revision rolled back to, a sync source), or null
 * @param commit the git commit the file was read from, or null (then branch and remote are null)
 */
public record SavedRevision(int number, String file, String hash, String time, String user, String kind, String detail,
                            String commit, String branch, boolean dirty, String remote, String summary, List<AppSpec> apps) {
    public SavedRevision {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /** This revision with another number (the store numbers what it records). */
    public SavedRevision numbered(int n) {
        return new SavedRevision(n, file, hash, time, user, kind, detail, commit, branch, dirty, remote, summary, apps);
    }

    /** Whether it lists the app (namespace, name). */
    public boolean lists(String namespace, String name) {
        return apps.stream().anyMatch(a -> a.namespace().equals(namespace) && a.name().equals(name));
    }
}
