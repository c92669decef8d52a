package jpm.apply;

import jpm.rpc.InstanceStatus;
import jpm.rpc.InstanceInfo;
import jpm.ecosystem.Supervision;

/**
 * Whether an instance that a command waits for (apply, start of a file, reload) is up, still on
 * its way, or failing. Pure, so the table is tested without a daemon.
 *
 * <p>Failing is decided as soon as it is clear, not at the deadline: an instance that gave up
 * (errored), a one-shot job that ended badly, or one that exited unstably (sooner than
 * min_uptime) {@value #UNSTABLE_EXITS} times in a row while the command waited. That is a crash
 * loop: the restart policy would keep trying until max_restarts (16 by default, with backoff up
 * to 30 s between tries), and waiting for it only delays the report (kubectl rollout status and
 * compose stop waiting on a crash loop too).
 *
 * <p>With a health probe an instance is up once its probe passed ({@code healthy}), not merely online.
 */
public final class Convergence {
    /** Unstable exits in a row, counted while the command waits, that make an instance failing. */
    public static final int UNSTABLE_EXITS = 3;

    private Convergence() {}

    public enum Kind { READY, WAITING, FAILING }

    /** jlist's health of an instance whose probe passed. */
    static final String HEALTHY = "healthy";

    /** @param why for FAILING: what makes it failing; else null */
    public record Verdict(Kind kind, String why) {
        static final Verdict READY = new Verdict(Kind.READY, null);
        static final Verdict WAITING = new Verdict(Kind.WAITING, null);

        static Verdict failing(String why) {
            return new Verdict(Kind.FAILING, why);
        }
    }

    /**
     * @param i the instance as the daemon reports it now
     * @param want the supervision the command asked for (min_uptime, autorestart, stop_exit_codes)
     * @param unstableBefore its unstable_restarts when the command began (0 for an instance the
     *     command started or restarted: the daemon counts those from 0)
     */
    public static Verdict of(InstanceInfo i, Supervision want, int unstableBefore) {
        if (i.status() == InstanceStatus.ERRORED) return Verdict.failing("errored");
        if (i.status() == InstanceStatus.STOPPED && i.exitCode() != null && i.statusReason() != null) {
            // it ended by itself and is not restarted: a completed one-shot job, or a failure
            boolean finishedWell = i.exitCode() == 0 || want.stop().stopExitCodes().contains(i.exitCode());
            return finishedWell ? Verdict.READY : Verdict.failing("exited with code " + i.exitCode() + " and is not restarted");
        }
        if (i.status() == InstanceStatus.STOPPED && i.exitSignal() != null && i.statusReason() != null && !want.restart().autorestart()) {
            return Verdict.failing("killed by " + i.exitSignal() + " and is not restarted");
        }
        // the daemon's count restarts from 0 after a stable run or a restart by request
        int during = i.unstableRestarts() >= unstableBefore ? i.unstableRestarts() - unstableBefore : i.unstableRestarts();
        if (during >= UNSTABLE_EXITS) {
            return Verdict.failing(during + " unstable exits in a row (each sooner than min_uptime " + want.restart().minUptimeMs() + " ms)");
        }
        boolean up = i.status() == InstanceStatus.ONLINE && i.uptimeMs() != null && i.uptimeMs() >= want.restart().minUptimeMs();
        // with a health probe, up means healthy: its probe passed (an unhealthy one is restarted, or only reported)
        boolean healthy = want.health().health() == null || HEALTHY.equals(i.health());
        return up && healthy ? Verdict.READY : Verdict.WAITING;
    }
}
