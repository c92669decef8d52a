package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jpm.daemon.state.RevisionHistory;
import jpm.daemon.state.SavedRevision;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.Revision;

/**
 * {@code history}: the revisions the daemon recorded (docs/gitops.md), of one file, of the files
 * that listed an app, or of every file. An empty answer is not an error here: the CLI knows
 * whether it asked for history or for a rollback, and says what to do.
 */
final class RevisionRequests {
    private final EventLoop loop;
    private final RevisionStore store;

    RevisionRequests(EventLoop loop, RevisionStore store) {
        this.loop = loop;
        this.store = store;
    }

    CompletableFuture<Response> history(Request.History h) {
        return loop.call(() -> {
            List<Revision> out = new ArrayList<>();
            List<RevisionHistory> files = h.file() != null ? List.of(store.history(h.file())) : store.all();
            for (RevisionHistory f : files) {
                for (SavedRevision r : f.revisions()) {
                    if (h.app() == null || listsApp(r, h.app())) out.add(Views.wire(r, h.showEnv()));
                }
            }
            return new Response.History(out);
        });
    }

    /** An app named as jpm stop names one: its name, or namespace/name. */
    static boolean listsApp(SavedRevision r, String app) {
        int slash = app.indexOf('/');
        return r.apps().stream().anyMatch(a -> slash < 0 ? a.name().equals(app)
                : a.namespace().equals(app.substring(0, slash)) && a.name().equals(app.substring(slash + 1)));
    }
}
