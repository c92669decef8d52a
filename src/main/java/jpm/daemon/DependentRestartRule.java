package jpm.daemon;

import java.time.Instant;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.Supervision.Dependencies;

/**
 * {@code restart_dependents} as pure decisions (docs/dependencies.md), table-tested in
 * DependentRestartRuleTest; {@link DependentRestarts} carries them out.
 *
 * <p>A restart of a dependency begins with any instance of it being restarted (by request, apply,
 * crash, health probe or trigger), whether its new process starts at once or waits for the
 * dependency's own dependencies, and with each step of a rolling replacement of it (reload, apply
 * of a cluster app). It is over for a dependent once no replacement of the dependency is under
 * way and the dependent's condition on it holds again for every instance (started: online;
 * healthy: healthy; completed: finished with 0): then the dependent's instances whose process
 * is older than the restart are restarted, once however many instances of the dependency took
 * part. It is dropped when the dependency cannot come back by itself: deleted, errored, or stopped.
 */
final class DependentRestartRule {
    private DependentRestartRule() {}

    /** What to do now for one dependent of a dependency whose restart is under way. */
    enum Outcome {
        /** Not back yet: ask again after the next change. */
        WAIT,
        /** Back: restart the dependent's instances that run with the old process of the dependency. */
        RESTART,
        /** It will not come back by itself: nothing to restart. */
        DROP
    }

    /** Whether {@code event}, about an instance or an app, begins (or extends) a restart of that app. */
    static boolean begins(DaemonEvent event) {
        return switch (event) {
            case DaemonEvent.Starting s -> s.restart();
            case DaemonEvent.Waiting w -> w.restart();
            case DaemonEvent.ReloadStep r -> r.phase().equals("replacing") || r.phase().equals("restarting");
            default -> false;
        };
    }

    /**
     * @param replacing whether a rolling replacement of the dependency is under way
     * @param dependency the dependency as the dependent sees it (its condition, its instances now)
     */
    static Outcome decide(boolean replacing, DependencyConditions.Dependency dependency) {
        if (dependency.instances() == null || dependency.instances().isEmpty()) return Outcome.DROP;
        if (replacing) return Outcome.WAIT;
        return switch (DependencyConditions.state(dependency)) {
            case MET -> Outcome.RESTART;
            case FAILED -> Outcome.DROP;
            case UNMET -> stoppedForGood(dependency) ? Outcome.DROP : Outcome.WAIT;
        };
    }

    /** Stopped without a restart pending (a stop by request, a job that ended): nothing brings it back by itself. */
    private static boolean stoppedForGood(DependencyConditions.Dependency d) {
        return !d.condition().equals(Dependencies.COMPLETED)
                && d.instances().stream().anyMatch(i -> i.status() == Status.STOPPED);
    }

    /**
     * Whether an instance of the dependent is restarted: its process runs (online, or spawned and
     * not ready yet) and was spawned no later than the dependency's restart began. One spawned
     * since has seen the dependency come back already; one not spawned yet will.
     */
    static boolean restarts(Status status, Instant startedAt, Instant since) {
        if (status != Status.ONLINE && status != Status.LAUNCHING) return false;
        return startedAt != null && !startedAt.isAfter(since);
    }
}
