package jpm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jpm.git.Git;
import jpm.git.GitWorkTree;
import jpm.rpc.GitCommit;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.Revision;
import jpm.rpc.RevisionSource;
import jpm.rpc.RpcClient;

/** The CLI's side of revisions: where an apply's file came from (git), and the daemon's record of them. */
final class Revisions {
    /** git answers from the local repository only: a few seconds is plenty, and an apply must not hang on it. */
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);

    private Revisions() {}

    /** The path that names an ecosystem file in the daemon: absolute and normalized, as apply's owner. */
    static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** {@code jpm apply FILE}: a person's apply, with the commit when the file is in a git work tree. */
    static RevisionSource applySource(Path file) {
        GitWorkTree.Head head = new GitWorkTree(new Git("git", GIT_TIMEOUT)).describe(file);
        return new RevisionSource(RevisionSource.APPLY, null,
                head == null ? null : new GitCommit(head.commit(), head.branch(), head.dirty(), null));
    }

    /**
     * The revisions the daemon recorded, oldest first.
     *
     * @param showEnv with env values: only for a rollback or a plan, which never print them
     */
    static List<Revision> fetch(RpcClient c, String file, String app, boolean showEnv) throws IOException {
        return ((Response.History) DaemonCommand.ok(c.call(new Request.History(file, app, showEnv)))).revisions();
    }
}
