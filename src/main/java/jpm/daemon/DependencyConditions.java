package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.ecosystem.Supervision.Dependencies;

/**
 * Whether an app's dependencies meet their conditions (docs/dependencies.md). Pure: the
 * dependencies' instances come in as plain records, so DependencyConditionsTest covers each
 * condition in a table.
 *
 * <ul>
 *   <li>{@code started}: every instance online;</li>
 *   <li>{@code healthy}: every instance online with its probe passing (an app without a probe:
 *       online, as nothing else could ever be said of it);</li>
 *   <li>{@code completed}: every instance stopped after exit code 0, with no restart pending.</li>
 * </ul>
 * An app that is not there (not created yet, deleted) meets no condition.
 */
final class DependencyConditions {
    private DependencyConditions() {}

    /** One instance of a dependency, as far as conditions care. */
    record Seen(Status status, HealthStatus health, Integer exitCode, String exitSignal) {}

    /**
     * @param app the dependency, {@code namespace/name}
     * @param condition started, healthy or completed
     * @param instances its instances now, or null when no such app exists
     * @param probed whether it has a health probe
     */
    record Dependency(String app, String condition, List<Seen> instances, boolean probed) {}

    /** What a condition is now, for describe and ls --tree. */
    enum State {
        MET("met"),
        /** Not met yet, and it may be: on its way, or not there. */
        UNMET("unmet"),
        /** Not met, and it will not be without someone acting: errored, or a job that exited badly. */
        FAILED("failed");

        private final String word;

        State(String word) {
            this.word = word;
        }

        String word() {
            return word;
        }
    }

    static boolean met(Dependency d) {
        return state(d) == State.MET;
    }

    static State state(Dependency d) {
        if (d.instances() == null || d.instances().isEmpty()) return State.UNMET;
        boolean all = true;
        for (Seen i : d.instances()) {
            if (failed(d.condition(), i)) return State.FAILED;
            all &= holds(d.condition(), i, d.probed());
        }
        return all ? State.MET : State.UNMET;
    }

    private static boolean holds(String condition, Seen i, boolean probed) {
        return switch (condition) {
            case Dependencies.STARTED -> i.status() == Status.ONLINE;
            case Dependencies.HEALTHY -> i.status() == Status.ONLINE && (!probed || i.health() == HealthStatus.HEALTHY);
            case Dependencies.COMPLETED -> completedWell(i);
            default -> throw new IllegalArgumentException("unknown condition " + condition);
        };
    }

    private static boolean completedWell(Seen i) {
        return i.status() == Status.STOPPED && i.exitCode() != null && i.exitCode() == 0 && i.exitSignal() == null;
    }

    /** Errored; or for completed, a job that ended otherwise than with 0 and is not restarted. */
    private static boolean failed(String condition, Seen i) {
        if (i.status() == Status.ERRORED) return true;
        return condition.equals(Dependencies.COMPLETED) && i.status() == Status.STOPPED
                && (i.exitSignal() != null || i.exitCode() != null && i.exitCode() != 0);
    }

    /**
     * What an app in {@code namespace} waits for, as {@code db (healthy), other/cache (started)}
     * (names of its own namespace without it), or null when every dependency meets its condition.
     */
    static String waitsFor(String namespace, List<Dependency> deps) {
        List<String> unmet = new ArrayList<>();
        for (Dependency d : deps) {
            if (!met(d)) unmet.add(label(namespace, d.app()) + " (" + d.condition() + ")");
        }
        return unmet.isEmpty() ? null : String.join(", ", unmet);
    }

    /** {@code name} for an app of {@code namespace}, else {@code namespace/name}. */
    static String label(String namespace, String app) {
        return app.startsWith(namespace + "/") ? app.substring(namespace.length() + 1) : app;
    }
}
