package jpm.apply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jpm.apply.DriftItem.Kind;
import jpm.plan.Action;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.LastChange;
import jpm.rpc.ObservedApp;
import jpm.rpc.RemovedApp;

/**
 * Drift: what other commands changed since an ecosystem file's last apply, told from what the
 * daemon keeps (each app's last apply and last change by hand, the journal of removals). Pure.
 *
 * <p>An app is the file's when the file owns it or its last apply came from the file (a
 * {@code jpm start --take-over} leaves it without owner). A change by hand is credited to an item
 * only when its command can have made it and it came after the last apply: the daemon keeps only
 * the last one, so an earlier one is "not known" rather than a wrong name.
 */
public final class Drift {
    private Drift() {}

    /**
     * @param options the file ({@link PlanOptions#owner()}) and the scope (--only, --namespace)
     * @param apps every app the daemon has
     * @param removed the daemon's journal of removals
     */
    public static List<DriftItem> of(PlanOptions options, List<ObservedApp> apps, List<RemovedApp> removed) {
        String file = options.owner();
        Set<String> namespaces = new HashSet<>();
        Set<String> present = new HashSet<>();
        for (ObservedApp o : apps) {
            present.add(o.spec().id());
            if (ofFile(o, file)) namespaces.add(o.spec().namespace());
        }
        for (RemovedApp r : removed) {
            if (r.file().equals(file)) namespaces.add(namespaceOf(r.app()));
        }
        List<DriftItem> out = new ArrayList<>();
        for (ObservedApp o : apps) {
            if (ofFile(o, file)) {
                out.addAll(ofApp(file, o));
            } else if (o.owner() == null && namespaces.contains(o.spec().namespace())) {
                LastChange by = credited(o, "jpm start", "jpm start --take-over");
                out.add(item(Kind.STARTED, o.spec().id(), null, null, 0, 0, null, by));
            }
        }
        for (RemovedApp r : removed) {
            if (r.file().equals(file) && !present.contains(r.app())) {
                out.add(new DriftItem(Kind.DELETED, r.app(), null, null, 0, 0, null, r.command(), r.user(), r.at()));
            }
        }
        return out.stream().filter(i -> inScope(i.app(), options))
                .sorted(Comparator.comparing(DriftItem::app).thenComparing(DriftItem::kind)).toList();
    }

    /** The items an executed plan repaired: those of the apps it acted on (resumed, scaled, restarted, started, adopted). */
    public static List<DriftItem> repairedBy(List<DriftItem> items, Plan plan) {
        Set<String> acted = new HashSet<>();
        for (Action a : plan.actions()) acted.add(a.app());
        return items.stream().filter(i -> acted.contains(i.app())).toList();
    }

    private static List<DriftItem> ofApp(String file, ObservedApp o) {
        String id = o.spec().id();
        if (!file.equals(o.owner())) {
            // its last apply was this file's, but a command gave it another definition
            return List.of(item(Kind.REPLACED, id, null, null, 0, 0, null, credited(o, "jpm start --take-over")));
        }
        List<DriftItem> out = new ArrayList<>();
        int size = o.spec().instances();
        if (o.applied() != null && o.applied().instances() != size) {
            out.add(item(Kind.SCALED, id, o.applied().instances(), size, 0, 0, null, credited(o, "jpm scale", "jpm delete")));
        }
        int of = o.instances().size();
        List<InstanceInfo> stopped = o.instances().stream()
                .filter(i -> i.status() == InstanceStatus.STOPPED && i.statusReason() == null).toList();
        if (!stopped.isEmpty()) out.add(item(Kind.STOPPED, id, null, null, stopped.size(), of, null, credited(o, "jpm stop")));
        List<InstanceInfo> errored = o.instances().stream().filter(i -> i.status() == InstanceStatus.ERRORED).toList();
        if (!errored.isEmpty()) {
            out.add(new DriftItem(Kind.ERRORED, id, null, null, errored.size(), of, errored.getFirst().statusReason(), null, null,
                    o.erroredAt()));
        }
        return out;
    }

    private static boolean ofFile(ObservedApp o, String file) {
        return file.equals(o.owner()) || o.applied() != null && file.equals(o.applied().file());
    }

    /** The app's last change by hand if one of {@code commands} made it after the last apply; else null. */
    private static LastChange credited(ObservedApp o, String... commands) {
        LastChange c = o.changed();
        if (c == null || !List.of(commands).contains(c.command())) return null;
        if (o.applied() != null && o.applied().at() != null && c.at() != null && c.at().isBefore(o.applied().at())) return null;
        return c;
    }

    private static DriftItem item(Kind kind, String app, Integer from, Integer to, int count, int of, String reason, LastChange by) {
        return new DriftItem(kind, app, from, to, count, of, reason, by == null ? null : by.command(), by == null ? null : by.user(),
                by == null ? null : by.at());
    }

    private static String namespaceOf(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }

    private static boolean inScope(String id, PlanOptions o) {
        return o.covers(namespaceOf(id), id.substring(id.indexOf('/') + 1));
    }
}
