package jpm.daemon.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded revisions of one ecosystem file, oldest first, and the rules of keeping them:
 * numbers only grow (a dropped revision's number is never reused), and at most {@code keep} stay.
 * Pure: {@code RevisionStore} does the I/O.
 */
public record RevisionHistory(String file, List<SavedRevision> revisions) {
    /** The number of revisions kept per file unless JPM_REVISIONS_KEEP says otherwise. */
    public static final int DEFAULT_KEEP = 20;

    public RevisionHistory {
        revisions = List.copyOf(revisions);
    }

    public static RevisionHistory empty(String file) {
        return new RevisionHistory(file, List.of());
    }

    /** The next revision's number: one more than the last, 1 for the first. */
    public int nextNumber() {
        return revisions.isEmpty() ? 1 : revisions.getLast().number() + 1;
    }

    /** With {@code r} appended under the next number, the oldest dropped beyond {@code keep} (at least 1). */
    public RevisionHistory with(SavedRevision r, int keep) {
        List<SavedRevision> out = new ArrayList<>(revisions);
        out.add(r.numbered(nextNumber()));
        return new RevisionHistory(file, out).trimmed(keep);
    }

    /** The last {@code keep} revisions (at least 1). */
    public RevisionHistory trimmed(int keep) {
        int drop = revisions.size() - Math.max(1, keep);
        return drop > 0 ? new RevisionHistory(file, revisions.subList(drop, revisions.size())) : this;
    }

    /** The last revision that lists the app, or null: the definition it runs came from there. */
    public SavedRevision lastListing(String namespace, String name) {
        for (SavedRevision r : revisions.reversed()) {
            if (r.lists(namespace, name)) return r;
        }
        return null;
    }

    /**
     * {@link #lastListing} of every app listed, by {@link #key}: built once per history, so that
     * finding an app's revision costs the same with 10 apps in the file or 1,000.
     */
    public Map<String, SavedRevision> lastListings() {
        Map<String, SavedRevision> out = new HashMap<>();
        for (SavedRevision r : revisions) {
            for (var a : r.apps()) out.put(key(a.namespace(), a.name()), r); // the later ones win
        }
        return out;
    }

    /** The key of an app in {@link #lastListings}. */
    public static String key(String namespace, String name) {
        return namespace + '/' + name;
    }

    /** The number of {@link #lastListing}, or null. */
    public Integer revisionOf(String namespace, String name) {
        SavedRevision r = lastListing(namespace, name);
        return r == null ? null : r.number();
    }

    public SavedRevision last() {
        return revisions.isEmpty() ? null : revisions.getLast();
    }

    /** How many revisions to keep: JPM_REVISIONS_KEEP if it is a number of 1 or more, else the default. */
    public static int keep(String setting) {
        if (setting == null || setting.isBlank()) return DEFAULT_KEEP;
        try {
            int n = Integer.parseInt(setting.strip());
            return n >= 1 ? n : DEFAULT_KEEP;
        } catch (NumberFormatException e) {
            return DEFAULT_KEEP;
        }
    }
}
