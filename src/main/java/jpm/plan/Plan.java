package jpm.plan;

import java.util.List;

/**
 * The result of planning: actions in execution order, the apps left as they are, and the apps
 * this file owns but no longer lists that stay because --prune was not given.
 */
public record Plan(List<Action> actions, List<String> unchanged, List<String> kept, List<String> notes) {
    public Plan {
        actions = List.copyOf(actions);
        unchanged = List.copyOf(unchanged);
        kept = List.copyOf(kept);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    public long count(Class<? extends Action> kind) {
        return actions.stream().filter(kind::isInstance).count();
    }
}
