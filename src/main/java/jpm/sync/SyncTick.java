package jpm.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import jpm.apply.ApplyException;
import jpm.apply.Applier;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.EcosystemException;
import jpm.ecosystem.EcosystemLoader;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;
import jpm.git.BranchClone;
import jpm.git.GitException;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.plan.PlanText;
import jpm.rpc.ErrorCode;
import jpm.rpc.GitCommit;
import jpm.rpc.RevisionSource;
import jpm.rpc.RpcClient;
import jpm.rpc.RpcException;
import jpm.sync.TickDecision.Failure;

/**
 * One look at a source: fetch the branch; when its head is a commit to apply, check it out, load
 * the file and apply it exactly as {@code jpm apply} does (through {@link Applier}, a client of the
 * daemon's socket). A bad commit puts the previous good one back ({@link TickDecision#recovery}).
 * Gives the source's new status and what to tell the bus.
 */
final class SyncTick {
    /** How long an apply waits for the apps to come up, as {@code jpm apply}'s default. */
    static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);

    /** A connection to the daemon this runs in. */
    interface DaemonLink {
        RpcClient connect() throws IOException;
    }

    /** What the bus is told: a commit applied, or a commit that failed ({@code restored}: the good commit that runs again, or null). */
    sealed interface Report {
        record Applied(String commit, String summary) implements Report {}

        record Failed(String commit, String error, String restored) implements Report {}
    }

    /** @param report null when there is nothing new to tell */
    record Result(Source.Status status, Report report) {}

    private final DaemonLink daemon;
    private final EcosystemLoader loader;
    private final Clock clock;
    private final Consumer<String> log;
    private final Duration timeout;

    SyncTick(DaemonLink daemon, EcosystemLoader loader, Clock clock, Consumer<String> log, Duration timeout) {
        this.daemon = daemon;
        this.loader = loader;
        this.clock = clock;
        this.log = log;
        this.timeout = timeout;
    }

    Result run(Source s, BranchClone clone, boolean retry) {
        Source.Status st = s.status();
        String now = clock.instant().toString();
        String head;
        try {
            head = clone.fetch();
        } catch (GitException e) {
            return problem(st, st.head(), now, e.getMessage());
        }
        return switch (TickDecision.decide(head, st.commit(), st.failedCommit(), retry)) {
            case UP_TO_DATE -> new Result(new Source.Status(st.commit(), st.appliedAt(), head, now, st.failedCommit(), null, null,
                    "up to date: " + GitCommit.shortName(head) + " runs"), null);
            case FAILED_BEFORE -> new Result(new Source.Status(st.commit(), st.appliedAt(), head, now, st.failedCommit(), st.error(),
                    null, "commit " + GitCommit.shortName(head) + " failed before; not retried until a new commit"
                    + " (or jpm sync now " + s.name() + " --retry)"), null);
            case APPLY -> apply(s, clone, head, now);
        };
    }

    /**
     * A new daemon: the commit that ran is checked out and applied again without waiting. Apps
     * the daemon adopted are unchanged (an empty plan); apps a {@code jpm kill} stopped start.
     */
    Result resume(Source s, BranchClone clone) {
        Source.Status st = s.status();
        String good = st.commit();
        if (good == null) return new Result(st, null);
        String now = clock.instant().toString();
        try {
            clone.checkout(good);
            Plan plan = applyDefinitions(s, clone, load(s, clone), new RevisionSource(RevisionSource.SYNC, s.name(), commit(s, good)), null);
            log.accept("sync " + s.name() + ": resumed at " + GitCommit.shortName(good) + ": " + PlanText.summary(plan));
            return new Result(new Source.Status(good, st.appliedAt(), st.head(), st.checkedAt(), st.failedCommit(), st.error(), null,
                    "resumed at " + GitCommit.shortName(good) + ": " + PlanText.summary(plan)), null);
        } catch (GitException | IOException | RuntimeException e) {
            return problem(st, st.head(), now, "applying " + GitCommit.shortName(good) + " again at the daemon's start: " + e.getMessage());
        }
    }

    private Result apply(Source s, BranchClone clone, String head, String now) {
        Source.Status st = s.status();
        try {
            if (!clone.hasFile(head, s.path())) {
                return failed(s, clone, head, now, Failure.INVALID, "no file " + s.path() + " in commit " + GitCommit.shortName(head)
                        + " of branch " + s.branch());
            }
            clone.checkout(head);
        } catch (GitException e) {
            return problem(st, head, now, e.getMessage());
        }
        LoadResult loaded;
        try {
            loaded = load(s, clone);
        } catch (EcosystemException e) {
            return failed(s, clone, head, now, Failure.INVALID, errors(s, e));
        }
        try {
            Plan plan = applyDefinitions(s, clone, loaded, new RevisionSource(RevisionSource.SYNC, s.name(), commit(s, head)), timeout);
            String summary = PlanText.summary(plan);
            log.accept("sync " + s.name() + ": applied " + GitCommit.shortName(head) + ": " + summary);
            return new Result(new Source.Status(head, now, head, now, null, null, null, "applied " + GitCommit.shortName(head) + ": " + summary),
                    new Report.Applied(head, summary));
        } catch (ApplyException e) {
            return failed(s, clone, head, now, Failure.NOT_READY, e.getMessage());
        } catch (RpcException e) {
            if (passing(e.code())) return problem(st, head, now, e.getMessage());
            return failed(s, clone, head, now, Failure.REFUSED, e.getMessage() + (e.code().equals(ErrorCode.INVALID_SPEC)
                    ? " (in " + s.path() + ")" : ""));
        } catch (IOException e) {
            return problem(st, head, now, "cannot reach the daemon: " + e.getMessage());
        }
    }

    /** A bad commit: the good one is put back, the error kept; retried only when a new commit comes. */
    private Result failed(Source s, BranchClone clone, String head, String now, Failure kind, String error) {
        String good = s.status().commit();
        String restoreProblem = null;
        try {
            switch (TickDecision.recovery(kind, good)) {
                case NONE -> { }
                case CHECKOUT_GOOD -> clone.checkout(good);
                case REAPPLY_GOOD -> {
                    clone.checkout(good);
                    applyDefinitions(s, clone, load(s, clone), new RevisionSource(RevisionSource.ROLLBACK,
                            "sync " + s.name() + ": " + GitCommit.shortName(head) + " did not come up", commit(s, good)), timeout);
                }
            }
        } catch (GitException | IOException | RuntimeException e) {
            restoreProblem = e.getMessage();
        }
        String fullError = restoreProblem == null ? error : error + "; putting back " + GitCommit.shortName(good) + " failed too: " + restoreProblem;
        log.accept("sync " + s.name() + ": commit " + GitCommit.shortName(head) + " failed: " + fullError);
        String runs = good == null ? "nothing applied from this source yet" : GitCommit.shortName(good) + " runs";
        return new Result(new Source.Status(good, s.status().appliedAt(), head, now, head, fullError, null,
                "commit " + GitCommit.shortName(head) + " failed; " + runs), new Report.Failed(head, fullError, good));
    }

    /** A problem that passes (unreachable repository, daemon shutting down): retried at the next interval, told once. */
    private static Result problem(Source.Status st, String head, String now, String problem) {
        boolean isNew = !problem.equals(st.problem());
        Source.Status next = new Source.Status(st.commit(), st.appliedAt(), head, now, st.failedCommit(), st.error(), problem,
                "retrying at the next interval: " + problem);
        return new Result(next, isNew ? new Report.Failed(head, problem, st.commit()) : null);
    }

    private LoadResult load(Source s, BranchClone clone) {
        return loader.load(file(s, clone), new LoadOptions(s.env(), false));
    }

    /** @param wait how long to wait for the apps to come up; null: not at all */
    private Plan applyDefinitions(Source s, BranchClone clone, LoadResult loaded, RevisionSource source, Duration wait)
            throws IOException {
        Path file = file(s, clone);
        try (RpcClient c = daemon.connect()) {
            Plan[] planned = new Plan[1];
            new Applier(c, line -> log.accept("sync " + s.name() + ": " + line))
                    .apply(loaded.apps(), new PlanOptions(file.toString(), s.prune(), Set.of(), null, false), wait,
                            p -> planned[0] = p, () -> source);
            return planned[0];
        }
    }

    /** The file's path is the apps' owner: stable across commits, so an app the commit does not change does not restart. */
    static Path file(Source s, BranchClone clone) {
        return clone.dir().resolve(s.path()).toAbsolutePath().normalize();
    }

    private static GitCommit commit(Source s, String commit) {
        return new GitCommit(commit, s.branch(), false, s.url());
    }

    /** The errors, each {@code path:line:col: message} with the path as in the repository. */
    static String errors(Source s, EcosystemException e) {
        List<String> lines = e.errors().stream()
                .map(d -> new Diagnostic(s.path(), d.line(), d.column(), d.pointer(), d.message(), d.severity()).render())
                .toList();
        return String.join("\n", lines);
    }

    private static boolean passing(String code) {
        return code.equals(ErrorCode.SHUTTING_DOWN) || code.equals(ErrorCode.CONNECTION_LOST) || code.equals(ErrorCode.BUSY)
                || code.equals(ErrorCode.STATE_NOT_SAVED);
    }
}
