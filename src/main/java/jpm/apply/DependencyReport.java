package jpm.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.DependencyGraph;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.ObservedApp;

/**
 * What apply says about depends_on (docs/dependencies.md): dependencies that are neither in the
 * file nor in the daemon (the apply is refused before anything is applied), and, while it waits,
 * the chain from a waiting app to a dependency that failed ({@code web waits for api waits for
 * db: db errored: <reason>}). Pure: DependencyReportTest.
 */
public final class DependencyReport {
    private DependencyReport() {}

    /**
     * Each dependency of the applied apps that this apply does not start and the daemon does not
     * have, as {@code web depends on other/cache, which is neither in the file nor in the daemon}.
     *
     * @param applied the apps this apply starts (the file's, within --only and --namespace)
     * @param inDaemon ids ({@code namespace/name}) of the daemon's apps now
     */
    public static List<String> missing(List<AppSpec> applied, Set<String> inDaemon) {
        Set<String> here = new java.util.HashSet<>(inDaemon);
        for (AppSpec a : applied) here.add(a.id());
        List<String> out = new ArrayList<>();
        for (AppSpec a : applied) {
            for (String dep : a.supervision().dependencies().dependsOn().keySet()) {
                if (!here.contains(dep)) {
                    out.add(a.id() + " depends on " + dep + ", which is neither in the file (or left out by --only or --namespace)"
                            + " nor in the daemon");
                }
            }
        }
        return out;
    }

    /**
     * For each app of {@code watched} with an instance waiting for its dependencies, the chain to a
     * dependency that failed, if one did; only from the waiting apps no other waiting app needs. Empty
     * when no waiting app waits for a failed one.
     *
     * @param watched ids of the apps the command waits for
     * @param observed every app of the daemon now; the file's apps with their desired depends_on
     * @param desired the file's apps (their depends_on is the one that counts for the chain)
     */
    public static List<String> failedChains(Set<String> watched, List<ObservedApp> observed, List<AppSpec> desired) {
        Map<String, Map<String, String>> edges = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Set<String> waiting = new java.util.TreeSet<>();
        for (ObservedApp o : observed) {
            edges.put(o.spec().id(), o.spec().supervision().dependencies().dependsOn());
            String why = failure(o.instances());
            if (why != null) failed.put(o.spec().id(), why);
            if (watched.contains(o.spec().id()) && o.instances().stream().anyMatch(i -> i.status() == InstanceStatus.WAITING)) {
                waiting.add(o.spec().id());
            }
        }
        for (AppSpec a : desired) edges.put(a.id(), a.supervision().dependencies().dependsOn());
        if (waiting.isEmpty() || failed.isEmpty()) return List.of();
        DependencyGraph graph = DependencyGraph.of(edges);
        List<List<String>> chains = new ArrayList<>();
        for (String w : waiting) {
            // told once, from the top: an app another waiting app needs is in that one's chain already
            if (graph.dependentsOf(w).stream().anyMatch(waiting::contains)) continue;
            for (String f : failed.keySet()) {
                List<String> chain = graph.chainTo(w, f);
                if (chain.size() >= 2) {
                    chains.add(chain);
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> c : chains) {
            String ns = c.getFirst().substring(0, c.getFirst().indexOf('/'));
            List<String> names = c.stream().map(id -> label(ns, id)).toList();
            String last = names.getLast();
            out.add(String.join(" waits for ", names) + ": " + last + " " + failed.get(c.getLast()));
        }
        return out;
    }

    /** Why an app failed as a dependency ({@code errored: <reason>}), or null: errored, or ended by itself badly and not restarted. */
    static String failure(List<InstanceInfo> instances) {
        for (InstanceInfo i : instances) {
            if (i.status() == InstanceStatus.ERRORED) return "errored: " + reason(i);
        }
        for (InstanceInfo i : instances) {
            boolean endedBadly = i.exitSignal() != null || i.exitCode() != null && i.exitCode() != 0;
            if (i.status() == InstanceStatus.STOPPED && i.statusReason() != null && endedBadly) return "stopped: " + reason(i);
        }
        return null;
    }

    private static String reason(InstanceInfo i) {
        return i.statusReason() != null ? i.statusReason() : "no reason recorded";
    }

    private static String label(String namespace, String id) {
        return id.startsWith(namespace + "/") ? id.substring(namespace.length() + 1) : id;
    }
}
