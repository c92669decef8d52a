package jpm.export.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An app's {@code x-kubernetes} block, which the schema has already checked (its shape is in
 * schemas/ecosystem.schema.json): what only Kubernetes needs to know.
 *
 * @param image the container image; null = {@code --image}
 * @param kind {@code Deployment} (default) or {@code StatefulSet} (pods with ordinals)
 * @param serviceType the Service's type; null = ClusterIP
 * @param requests resources.requests (cpu, memory), as written
 * @param limits resources.limits, as written: a memory limit here wins over max_memory_restart
 * @param labels added to every object of the app and to its pods
 */
record XKubernetes(String image, String kind, String serviceType, Map<String, String> requests, Map<String, String> limits,
                   Map<String, String> labels) {
    static final String KEY = "x-kubernetes";
    static final String DEPLOYMENT = "Deployment";
    static final String STATEFUL_SET = "StatefulSet";
    static final XKubernetes NONE = new XKubernetes(null, DEPLOYMENT, null, Map.of(), Map.of(), Map.of());

    /** The block as {@code AppOrigin.extension} gives it (plain maps), or null for none. */
    static XKubernetes of(Object block) {
        if (!(block instanceof Map<?, ?> m)) return NONE;
        Object resources = m.get("resources");
        Map<?, ?> r = resources instanceof Map<?, ?> rm ? rm : Map.of();
        String kind = text(m.get("kind"));
        return new XKubernetes(text(m.get("image")), kind == null ? DEPLOYMENT : kind, text(m.get("service_type")),
                texts(r.get("requests")), texts(r.get("limits")), texts(m.get("labels")));
    }

    boolean statefulSet() {
        return STATEFUL_SET.equals(kind);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static Map<String, String> texts(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(k.toString(), v == null ? "" : v.toString()));
        return out;
    }
}
