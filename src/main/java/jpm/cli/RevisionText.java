package jpm.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.rpc.GitCommit;
import jpm.rpc.Revision;
import jpm.rpc.RevisionSource;
import jpm.rpc.WireCodec;

/** Revisions as {@code jpm history} and {@code describe} print them, and as JSON. Pure. */
final class RevisionText {
    private RevisionText() {}

    /** The table of {@code jpm history}: a heading per file, a row per revision, oldest first. */
    static String table(List<Revision> revisions) {
        StringBuilder out = new StringBuilder();
        String file = null;
        List<List<String>> rows = new ArrayList<>();
        for (Revision r : revisions) {
            if (!r.file().equals(file)) {
                if (file != null) out.append(Render.columns(rows)).append('\n');
                file = r.file();
                out.append(file).append('\n');
                rows = new ArrayList<>();
                rows.add(List.of("  REV", "TIME", "USER", "SOURCE", "COMMIT", "HASH", "APPS", "CHANGES"));
            }
            rows.add(List.of("  " + r.number(), time(r.time()), String.valueOf(r.user()), source(r.source()), commit(r.source().git()),
                    String.valueOf(r.shortHash()), String.valueOf(r.apps().size()), String.valueOf(r.summary())));
        }
        if (file != null) out.append(Render.columns(rows));
        return out.toString();
    }

    /** One line for describe: "3 of /srv/eco.yaml, apply at 2026-12-04 13:20:01Z, commit 3f2a9c1b2d4e (main)". */
    static String describe(Revision r) {
        String git = commit(r.source().git());
        return r.number() + " of " + r.file() + ", " + source(r.source()) + " at " + time(r.time())
                + (git.equals("-") ? "" : ", commit " + git);
    }

    /** "apply", "rollback to 2", "sync shop". */
    static String source(RevisionSource s) {
        return s.kind() + (s.detail() == null ? "" : " " + s.detail());
    }

    /** "3f2a9c1b2d4e main", "+dirty" when the tree had changes; "-" outside git. */
    static String commit(GitCommit g) {
        if (g == null) return "-";
        return g.shortName() + (g.branch() == null ? "" : " " + g.branch()) + (g.dirty() ? " +dirty" : "");
    }

    /** ISO time without its fraction of a second, as people read it. */
    static String time(String iso) {
        if (iso == null) return "-";
        String t = iso.replace('T', ' ');
        int dot = t.indexOf('.');
        return dot < 0 ? t : t.substring(0, dot) + (t.endsWith("Z") ? "Z" : "");
    }

    /** {@code --json}: the revisions as the wire has them (env values redacted by the daemon). */
    static Map<String, Object> json(List<Revision> revisions) {
        List<Object> list = new ArrayList<>();
        for (Revision r : revisions) list.add(WireCodec.toTree(r, Revision.class));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("revisions", list);
        return out;
    }
}
