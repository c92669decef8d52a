package jpm.plan;

import java.util.Set;

/**
 * @param owner the ecosystem file being applied (absolute path): apps it creates are owned by it
 * @param prune delete apps owned by {@code owner} that the file no longer lists
 * @param only app names to consider (empty = all)
 * @param namespace consider only this namespace (null = all)
 * @param takeOver make apps of other files this file's, instead of refusing them ({@link Ownership})
 */
public record PlanOptions(String owner, boolean prune, Set<String> only, String namespace, boolean takeOver) {
    public PlanOptions {
        only = only == null ? Set.of() : Set.copyOf(only);
    }

    public PlanOptions(String owner, boolean prune, Set<String> only, String namespace) {
        this(owner, prune, only, namespace, false);
    }

    /** Whether the app (namespace, name) is within --only and --namespace. */
    public boolean covers(String namespace, String name) {
        return (this.namespace == null || this.namespace.equals(namespace)) && (only.isEmpty() || only.contains(name));
    }
}
