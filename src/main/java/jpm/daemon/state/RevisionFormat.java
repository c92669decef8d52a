package jpm.daemon.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jpm.daemon.state.StateRecord.SpecRecord;
import jpm.json.Json;
import jpm.rpc.WireCodec;

/**
 * Reads and writes a file of {@code JPM_HOME/revisions/}: one ecosystem file's revisions. The
 * definitions are kept in state.json's own spec records, so they read back the way state.json
 * does (absent keys as defaults). Pure; {@code RevisionStore} does the I/O.
 */
public final class RevisionFormat {
    public static final int CURRENT = 1;
    /** The kinds a revision's source may have (the wire's RevisionSource refuses others: so is a file that has one). */
    static final Set<String> KINDS = Set.of("apply", "rollback", "sync");

    /** The file's own shape. */
    public record FileRecord(Integer version, String file, List<RevisionRecord> revisions) {}

    public record RevisionRecord(Integer number, String hash, String time, String user, String kind, String detail, GitRecord git,
                          String summary, List<SpecRecord> apps) {}

    public record GitRecord(String commit, String branch, Boolean dirty, String remote) {}

    private RevisionFormat() {}

    /** The history in {@code text}; anything unreadable (or of a newer format) is a RuntimeException saying what is wrong. */
    public static RevisionHistory read(String text) {
        FileRecord f = (FileRecord) WireCodec.fromTree(Json.parse(text), FileRecord.class);
        if (f.version() == null || f.version() < 1) throw new IllegalArgumentException("no format version");
        if (f.version() > CURRENT) throw new IllegalArgumentException("written by a newer jpm (format " + f.version() + ")");
        String file = StateRecord.required(f.file(), "the file's path");
        List<SavedRevision> out = new ArrayList<>();
        for (RevisionRecord r : StateRecord.or(f.revisions(), List.<RevisionRecord>of())) {
            GitRecord g = r.git();
            String kind = StateRecord.or(r.kind(), "apply");
            if (!KINDS.contains(kind)) throw new IllegalArgumentException("revision " + r.number() + " has an unknown kind '" + kind + "'");
            if (g != null && (g.commit() == null || g.commit().isBlank())) {
                throw new IllegalArgumentException("revision " + r.number() + " has a git part without a commit");
            }
            out.add(new SavedRevision(StateRecord.required(r.number(), "a revision's number"), file, r.hash(), r.time(), r.user(),
                    kind, r.detail(), g == null ? null : g.commit(), g == null ? null : g.branch(),
                    g != null && StateRecord.or(g.dirty(), false), g == null ? null : g.remote(), r.summary(),
                    StateRecord.or(r.apps(), List.<SpecRecord>of()).stream().map(SpecRecord::toSpec).toList()));
        }
        return new RevisionHistory(file, out);
    }

    public static String write(RevisionHistory h) {
        List<RevisionRecord> revisions = new ArrayList<>();
        for (SavedRevision r : h.revisions()) {
            revisions.add(new RevisionRecord(r.number(), r.hash(), r.time(), r.user(), r.kind(), r.detail(),
                    r.commit() == null ? null : new GitRecord(r.commit(), r.branch(), r.dirty(), r.remote()), r.summary(),
                    r.apps().stream().map(SpecRecord::of).toList()));
        }
        return Json.writePretty(WireCodec.toTree(new FileRecord(CURRENT, h.file(), revisions), FileRecord.class));
    }
}
