package jpm.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One app as the user defined it (PM2's attribute names, in camelCase here and snake_case on the
 * wire and in files). Validated on construction, so a daemon never holds an invalid spec.
 *
 * @param cwd absolute working directory; a relative {@code script} is resolved against it
 * @param interpreter null = by extension, {@code "none"} = execute the script itself
 * @param env exactly the variables the user gave (sorted, so equal specs compare equal)
 * @param instanceVar the variable that carries the instance number (PM2: NODE_APP_INSTANCE)
 */
public record AppSpec(
        String name,
        String namespace,
        String script,
        List<String> args,
        String cwd,
        String interpreter,
        List<String> interpreterArgs,
        int instances,
        Map<String, String> env,
        String instanceVar,
        String stopSignal,
        long killTimeoutMs,
        boolean autorestart,
        int maxRestarts,
        long minUptimeMs,
        long restartDelayMs) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_INSTANCE_VAR = "NODE_APP_INSTANCE";
    /** Signals a user may choose as stop_signal. */
    public static final Set<String> STOP_SIGNALS =
            Set.of("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGWINCH");
    public static final int MAX_INSTANCES = 1024;

    public AppSpec {
        AppName.requireValid("app name", name);
        namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
        AppName.requireValid("namespace", namespace);
        if (script == null || script.isBlank()) throw new SpecException("app '" + name + "': script must not be empty");
        args = args == null ? List.of() : List.copyOf(args);
        if (cwd == null || !cwd.startsWith("/")) throw new SpecException("app '" + name + "': cwd must be an absolute path, got '" + cwd + "'");
        interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new SpecException("app '" + name + "': instances must be between 1 and " + MAX_INSTANCES + ", got " + instances);
        }
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        for (String k : env.keySet()) {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new SpecException("app '" + name + "': invalid environment variable name '" + k + "'");
            }
        }
        instanceVar = instanceVar == null || instanceVar.isEmpty() ? DEFAULT_INSTANCE_VAR : instanceVar;
        stopSignal = stopSignal == null || stopSignal.isEmpty() ? "SIGTERM" : stopSignal.toUpperCase(java.util.Locale.ROOT);
        if (!stopSignal.startsWith("SIG")) stopSignal = "SIG" + stopSignal;
        if (!STOP_SIGNALS.contains(stopSignal)) {
            throw new SpecException("app '" + name + "': stop_signal must be one of " + new java.util.TreeSet<>(STOP_SIGNALS) + ", got '" + stopSignal + "'");
        }
        if (killTimeoutMs < 0) throw new SpecException("app '" + name + "': kill_timeout must be >= 0");
        if (maxRestarts < 0) throw new SpecException("app '" + name + "': max_restarts must be >= 0");
        if (minUptimeMs < 0) throw new SpecException("app '" + name + "': min_uptime must be >= 0");
        if (restartDelayMs < 0) throw new SpecException("app '" + name + "': restart_delay must be >= 0");
    }

    /** A spec with PM2's defaults for everything but what identifies and launches the app. */
    public static AppSpec of(String name, String script, String cwd) {
        return new AppSpec(name, DEFAULT_NAMESPACE, script, List.of(), cwd, null, List.of(), 1, Map.of(),
                DEFAULT_INSTANCE_VAR, "SIGTERM", 1600, true, 16, 1000, 0);
    }

    public AppSpec withNamespace(String ns) {
        return new AppSpec(name, ns, script, args, cwd, interpreter, interpreterArgs, instances, env, instanceVar,
                stopSignal, killTimeoutMs, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withArgs(List<String> a) {
        return new AppSpec(name, namespace, script, a, cwd, interpreter, interpreterArgs, instances, env, instanceVar,
                stopSignal, killTimeoutMs, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withInterpreter(String i) {
        return new AppSpec(name, namespace, script, args, cwd, i, interpreterArgs, instances, env, instanceVar,
                stopSignal, killTimeoutMs, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withInstances(int n) {
        return new AppSpec(name, namespace, script, args, cwd, interpreter, interpreterArgs, n, env, instanceVar,
                stopSignal, killTimeoutMs, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withEnv(Map<String, String> e) {
        return new AppSpec(name, namespace, script, args, cwd, interpreter, interpreterArgs, instances, e, instanceVar,
                stopSignal, killTimeoutMs, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withInstanceVar(String v) {
        return new AppSpec(name, namespace, script, args, cwd, interpreter, interpreterArgs, instances, env, v,
                stopSignal, killTimeoutMs, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withStop(String signal, long killTimeout) {
        return new AppSpec(name, namespace, script, args, cwd, interpreter, interpreterArgs, instances, env, instanceVar,
                signal, killTimeout, autorestart, maxRestarts, minUptimeMs, restartDelayMs);
    }

    public AppSpec withRestartPolicy(boolean auto, int max, long minUptime, long delay) {
        return new AppSpec(name, namespace, script, args, cwd, interpreter, interpreterArgs, instances, env, instanceVar,
                stopSignal, killTimeoutMs, auto, max, minUptime, delay);
    }
}
