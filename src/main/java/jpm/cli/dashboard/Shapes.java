package jpm.cli.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.WireCodec;

/**
 * The JSON the pages read, from what the daemon answers. Instances keep the documented jlist
 * shape (jlist.md); apps are the rows of the main table, one per app with its instances summed
 * up. Pure.
 */
final class Shapes {
    private Shapes() {}

    /** The declared type of a list of instances, which the codec needs to encode one. */
    private static final java.lang.reflect.Type INSTANCE_LIST =
            jpm.rpc.Response.Instances.class.getRecordComponents()[0].getGenericType();

    static Object instances(List<InstanceInfo> list) {
        return WireCodec.toTree(list, INSTANCE_LIST);
    }

    /** The key of an app on the page and in actions: namespace/name. */
    static String appOf(InstanceInfo i) {
        return i.namespace() + "/" + i.name();
    }

    /**
     * One row per app, in the order of its first instance: instances online of all, a status
     * (the one they share, else the most urgent of theirs), restarts, cpu and memory summed.
     */
    static List<Map<String, Object>> apps(List<InstanceInfo> list) {
        Map<String, List<InstanceInfo>> byApp = new LinkedHashMap<>();
        for (InstanceInfo i : list) byApp.computeIfAbsent(appOf(i), k -> new ArrayList<>()).add(i);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, List<InstanceInfo>> e : byApp.entrySet()) {
            List<InstanceInfo> is = e.getValue();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("app", e.getKey());
            row.put("namespace", is.getFirst().namespace());
            row.put("name", is.getFirst().name());
            row.put("instances", (long) is.size());
            row.put("online", is.stream().filter(i -> i.status() == InstanceStatus.ONLINE).count());
            row.put("status", status(is));
            row.put("restarts", is.stream().mapToLong(InstanceInfo::restarts).sum());
            row.put("cpu_percent", is.stream().mapToDouble(InstanceInfo::cpuPercent).sum());
            row.put("memory_bytes", is.stream().mapToLong(InstanceInfo::memoryBytes).sum());
            row.put("pids", is.stream().map(InstanceInfo::pid).filter(java.util.Objects::nonNull).toList());
            rows.add(row);
        }
        return rows;
    }

    /** What the app's status cell says: the status all instances share, else the most urgent one. */
    static String status(List<InstanceInfo> is) {
        InstanceStatus worst = null;
        for (InstanceInfo i : is) if (worst == null || urgency(i.status()) > urgency(worst)) worst = i.status();
        return worst == null ? "none" : wire(worst);
    }

    private static int urgency(InstanceStatus s) {
        return switch (s) {
            case ERRORED -> 6;
            case WAITING_RESTART -> 5;
            case STOPPING -> 4;
            case LAUNCHING -> 3;
            case WAITING -> 2;
            case STOPPED -> 1;
            case ONLINE -> 0;
        };
    }

    private static String wire(InstanceStatus s) {
        return s.wire();
    }

    /** Samples as [[at_ms, cpu_percent, memory_bytes], ...]: compact, as a chart wants them. */
    static List<List<Object>> samples(List<History.Sample> samples) {
        List<List<Object>> out = new ArrayList<>();
        for (History.Sample s : samples) out.add(List.of(s.atMs(), s.cpuPercent(), s.memoryBytes()));
        return out;
    }

    /** The app an event is about (namespace/name), or null. */
    static String appOf(Map<?, ?> event) {
        return event.get("subject") instanceof Map<?, ?> s ? s.get("namespace") + "/" + s.get("name") : null;
    }
}
