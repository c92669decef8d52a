package jpm.spec;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the process is: every field whose change needs the process restarted (script, args,
 * cwd, interpreter, env, log destinations, ...). The planner restarts an app exactly when its
 * Launch differs; {@link #hash()} identifies it compactly.
 *
 * @param cwd absolute working directory; a relative {@code script} is resolved against it
 * @param interpreter null = by extension, {@code "none"} = execute the script itself
 * @param env exactly the variables the app defines (sorted, so equal launches compare equal)
 * @param instanceVar the variable that carries the instance number (PM2: NODE_APP_INSTANCE)
 * @param incrementVar a variable whose number grows by one per instance (PM2's increment_var, e.g. PORT)
 * @param execMode "fork" or "cluster" (cluster without shared sockets runs independent processes)
 * @param outFile stdout file (null = JPM_HOME/logs/&lt;name&gt;-&lt;i&gt;-out.log)
 * @param errorFile stderr file (null = JPM_HOME/logs/&lt;name&gt;-&lt;i&gt;-error.log)
 * @param logFile a file receiving both streams as well (null = none)
 * @param mergeLogs one out/error file for all instances instead of one per instance
 * @param time prefix each line with a timestamp
 * @param logDateFormat timestamp format for prefixed lines, in PM2's day.js syntax (null = ISO-8601)
 * @param logType null = text lines; {@code "json"} = one JSON object per line
 * @param port cluster mode's public port (PM2's {@code port}; else env PORT): jpm binds it, one
 *     SO_REUSEPORT socket per instance slot, handed to the instance as fd 3; null = none
 * @param listenAddress the address cluster sockets bind (null = 0.0.0.0)
 */
public record Launch(
        String script,
        List<String> args,
        String cwd,
        String interpreter,
        List<String> interpreterArgs,
        Map<String, String> env,
        String instanceVar,
        String incrementVar,
        String execMode,
        String outFile,
        String errorFile,
        String logFile,
        boolean mergeLogs,
        boolean time,
        String logDateFormat,
        String logType,
        Integer port,
        String listenAddress) {

    public static final String DEFAULT_INSTANCE_VAR = "NODE_APP_INSTANCE";

    public Launch {
        if (script == null || script.isBlank()) throw new SpecException("script must not be empty");
        args = args == null ? List.of() : List.copyOf(args);
        if (cwd == null || !cwd.startsWith("/")) throw new SpecException("cwd must be an absolute path, got '" + cwd + "'");
        interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(env));
        for (String k : env.keySet()) {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new SpecException("invalid environment variable name '" + k + "'");
            }
        }
        instanceVar = instanceVar == null || instanceVar.isEmpty() ? DEFAULT_INSTANCE_VAR : instanceVar;
        if (instanceVar.indexOf('=') >= 0 || instanceVar.indexOf('\0') >= 0) {
            throw new SpecException("instance_var must not contain '=' (it names an environment variable), got '" + instanceVar + "'");
        }
        incrementVar = incrementVar == null || incrementVar.isEmpty() ? null : incrementVar;
        execMode = execMode == null ? "fork" : execMode.toLowerCase(Locale.ROOT).replace("_mode", "");
        if (!execMode.equals("fork") && !execMode.equals("cluster")) {
            throw new SpecException("exec_mode must be fork or cluster, got '" + execMode + "'");
        }
        logType = logType == null || logType.isBlank() || logType.equalsIgnoreCase("text") ? null : logType.toLowerCase(Locale.ROOT);
        if (logType != null && !logType.equals("json")) throw new SpecException("log_type must be json or text, got '" + logType + "'");
        if (port != null && (port < 1 || port > 65535)) throw new SpecException("port must be from 1 to 65535, got " + port);
        listenAddress = listenAddress == null || listenAddress.isBlank() ? null : listenAddress.trim();
        if (listenAddress != null && !listenAddress.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new SpecException("listen_address must be an IPv4 or IPv6 address such as 127.0.0.1 or ::, got '" + listenAddress + "'");
        }
        if (logDateFormat != null) {
            try {
                DateFormats.fromDayJs(logDateFormat); // checked wherever a spec is made (file, CLI, wire)
            } catch (IllegalArgumentException e) {
                throw new SpecException(e.getMessage());
            }
        }
    }

    /**
     * Whether output goes through the daemon (timestamps, JSON lines, a combined log_file) rather
     * than straight from the child to its files.
     */
    public boolean piped() {
        return time || logDateFormat != null || logType != null || logFile != null;
    }

    /**
     * The port whose sockets jpm holds for this app: only in cluster mode, from {@code port} or
     * else a numeric env PORT; null = the app binds its own ports (fork mode, or no port known).
     */
    public Integer clusterPort() {
        if (!execMode.equals("cluster")) return null;
        if (port != null) return port;
        if ("PORT".equals(incrementVar)) return null; // each instance binds its own PORT + i
        String p = env.get("PORT");
        if (p == null || !p.trim().matches("[0-9]{1,5}")) return null;
        int n = Integer.parseInt(p.trim());
        return n >= 1 && n <= 65535 ? n : null;
    }

    /** A launch with PM2's defaults for everything but the script and its directory. */
    public static Launch of(String script, String cwd) {
        return new Launch(script, List.of(), cwd, null, List.of(), Map.of(), null, null, null, null, null, null, false,
                false, null, null, null, null);
    }

    public Launch withArgs(List<String> a) {
        return new Launch(script, a, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress);
    }

    public Launch withInterpreter(String i, List<String> iArgs) {
        return new Launch(script, args, cwd, i, iArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress);
    }

    public Launch withEnv(Map<String, String> e) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, e, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress);
    }

    public Launch withLogs(String out, String err, String combined, boolean merge, boolean t, String dateFormat, String type) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                out, err, combined, merge, t, dateFormat, type, port, listenAddress);
    }

    public Launch withInstanceVar(String v) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, v, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress);
    }

    /**
     * A stable identity of this launch: SHA-256 over a canonical text of every field, prefixed
     * with a format version so a later change of the canonical form never looks like a change of
     * every app.
     */
    public String hash() {
        StringBuilder sb = new StringBuilder("launch-v1\n");
        field(sb, "script", script);
        list(sb, "args", args);
        field(sb, "cwd", cwd);
        field(sb, "interpreter", interpreter);
        list(sb, "interpreter_args", interpreterArgs);
        env.forEach((k, v) -> field(sb, "env." + k, v));
        field(sb, "instance_var", instanceVar);
        field(sb, "increment_var", incrementVar);
        field(sb, "exec_mode", execMode);
        field(sb, "out_file", outFile);
        field(sb, "error_file", errorFile);
        field(sb, "log_file", logFile);
        field(sb, "merge_logs", Boolean.toString(mergeLogs));
        field(sb, "time", Boolean.toString(time));
        field(sb, "log_date_format", logDateFormat);
        if (logType != null) field(sb, "log_type", logType); // absent when unset: hashes from before it existed stay equal
        if (port != null) field(sb, "port", port.toString());
        if (listenAddress != null) field(sb, "listen_address", listenAddress);
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void list(StringBuilder sb, String name, List<String> values) {
        field(sb, name + ".size", Integer.toString(values.size()));
        for (int i = 0; i < values.size(); i++) field(sb, name + "." + i, values.get(i));
    }

    private static void field(StringBuilder sb, String name, String value) {
        // length-prefixed so no value can imitate a field boundary
        String v = value == null ? "\u0001null" : value;
        sb.append(name).append('=').append(v.length()).append(':').append(v).append('\n');
    }
}
