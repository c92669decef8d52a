package jpm.plan;

import java.util.List;

/**
 * The result of planning: actions in execution order, the apps left as they are, the apps
 * this file owns but no longer lists that stay because --prune was not given, the apps of
 * other files it may not change (a plan with conflicts is not executed at all), and the order
 * the daemon starts the file's apps in when some depend on others of the file (levels,
 * dependencies first; else empty).
 */
public record Plan(List<Action> actions, List<String> unchanged, List<String> kept, List<String> notes,
                   List<Ownership.Conflict> conflicts, List<List<String>> startOrder) {
    public Plan {
        actions = List.copyOf(actions);
        unchanged = List.copyOf(unchanged);
        kept = List.copyOf(kept);
        notes = List.copyOf(notes);
        conflicts = List.copyOf(conflicts);
        startOrder = startOrder.stream().map(List::copyOf).toList();
    }

    public Plan(List<Action> actions, List<String> unchanged, List<String> kept, List<String> notes,
                List<Ownership.Conflict> conflicts) {
        this(actions, unchanged, kept, notes, conflicts, List.of());
    }

    public Plan(List<Action> actions, List<String> unchanged, List<String> kept, List<String> notes) {
        this(actions, unchanged, kept, notes, List.of());
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    public long count(Class<? extends Action> kind) {
        return actions.stream().filter(kind::isInstance).count();
    }
}
