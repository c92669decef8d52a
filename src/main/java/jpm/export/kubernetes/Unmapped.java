package jpm.export.kubernetes;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppOrigin;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.Diagnostic.Severity;

/**
 * The attributes that do not carry over to Kubernetes, each with what to do instead: one warning
 * per attribute the file wrote (a default that was not written says nothing).
 */
final class Unmapped {
    private static final String LOGS = "not exported: Kubernetes collects the container's stdout and stderr (kubectl logs) and "
            + "rotates them itself; log files written in the container are neither collected nor kept";
    private static final String RESTARTS = "not exported: Kubernetes restarts a failed container with its own back-off "
            + "(10 s, doubling up to 5 min)";
    private static final String READY = "not exported: in Kubernetes a pod is ready when its readiness probe passes: give the app "
            + "a health probe";

    /** Attribute → the warning, for attributes that never map. */
    static final Map<String, String> ALWAYS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("watch", "not exported: Kubernetes does not restart a container when files change; build a new image and roll "
                + "it out");
        m.put("ignore_watch", "not exported, as watch");
        m.put("watch_delay", "not exported, as watch");
        for (String a : List.of("out_file", "error_file", "log_file", "merge_logs", "time", "log_date_format", "log_type",
                "log_max_size", "log_retain", "log_compress")) {
            m.put(a, LOGS);
        }
        for (String a : List.of("max_restarts", "min_uptime", "restart_delay", "exp_backoff_restart_delay")) m.put(a, RESTARTS);
        m.put("wait_ready", READY);
        m.put("listen_timeout", READY);
        m.put("stop_exit_codes", "not exported: a Deployment restarts its container whatever the exit code; an app that "
                + "ends for good is a one-shot (autorestart: false), exported as a Job");
        m.put("increment_var", "not exported: every pod has its own IP address, so every replica gets the first value");
        m.put("hooks", "not exported: Kubernetes runs no command on an app's events (a container has only postStart and "
                + "preStop)");
        m.put("uid", "not exported: the container runs as its image's user; set the pod's securityContext.runAsUser");
        m.put("gid", "not exported: set the pod's securityContext.runAsGroup");
        m.put("stdin", "not exported: `jpm send` has no counterpart; the container's stdin is closed");
        m.put("restart_dependents", "not exported: Kubernetes does not restart the apps that depend on a restarted one");
        ALWAYS = java.util.Collections.unmodifiableMap(m);
    }

    private Unmapped() {}

    static List<Diagnostic> warnings(AppSpec app, AppOrigin origin, XKubernetes x) {
        List<Diagnostic> out = new ArrayList<>();
        ALWAYS.forEach((attribute, message) -> {
            if (origin.wrote(attribute)) out.add(origin.at(attribute, Severity.WARNING, message));
        });
        String signal = app.supervision().stop().stopSignal();
        if (!signal.equals("SIGTERM")) {
            out.add(origin.at("stop_signal", Severity.WARNING, "not exported: Kubernetes stops a container with the signal its "
                    + "image names: add `STOPSIGNAL " + signal + "` to the image's Dockerfile"));
        }
        if (origin.wrote("instance_var") && !x.statefulSet()) {
            out.add(origin.at("instance_var", Severity.WARNING, "not exported: the pods of a Deployment have no ordinals; "
                    + "x-kubernetes.kind: StatefulSet gives each pod its number in " + app.launch().instanceVar()));
        }
        String address = app.launch().listenAddress();
        if (address != null && isLoopback(address)) {
            out.add(origin.at("listen_address", Severity.WARNING, "a Service cannot reach " + address
                    + " in the pod: the app must listen on 0.0.0.0 (or ::) there"));
        }
        return out;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
