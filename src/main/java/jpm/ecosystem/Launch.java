package jpm.ecosystem;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * @param uid the user the app runs as, a name or a number as written (PM2's {@code uid}/{@code user});
 *     null = the daemon's user. Resolved by {@link RunAs} when the daemon spawns it.
 * @param gid the group the app runs as, a name or a number (null = the user's primary group)
 * @param stdin what the app reads on fd 0: null = /dev/null; {@value #STDIN_MESSAGE} = a pipe to
 *     which {@code jpm send} writes each message as one line of JSON
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
        String listenAddress,
        String uid,
        String gid,
        String stdin) {

    public static final String DEFAULT_INSTANCE_VAR = "NODE_APP_INSTANCE";
    /** {@code stdin: message}: the app reads the messages of {@code jpm send} on its stdin. */
    public static final String STDIN_MESSAGE = "message";

    /**
     * Components left out of {@link #hash()}, i.e. whose change must not restart the app (as
     * compose clears such fields before hashing a service): none. A component that needs no
     * restart belongs in {@link Supervision} instead.
     */
    public static final Set<String> NOT_HASHED = Set.of();

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
        stdin = stdin == null || stdin.isBlank() ? null : stdin.trim();
        if (stdin != null && !stdin.equals(STDIN_MESSAGE)) {
            throw new SpecException("stdin must be message (or absent: /dev/null), got '" + stdin + "'");
        }
        uid = RunAs.checkForm("uid", uid);
        gid = RunAs.checkForm("gid", gid);
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
                false, null, null, null, null, null, null, null);
    }

    public Launch withArgs(List<String> a) {
        return new Launch(script, a, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress, uid, gid, stdin);
    }

    public Launch withInterpreter(String i, List<String> iArgs) {
        return new Launch(script, args, cwd, i, iArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress, uid, gid, stdin);
    }

    public Launch withEnv(Map<String, String> e) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, e, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress, uid, gid, stdin);
    }

    public Launch withLogs(String out, String err, String combined, boolean merge, boolean t, String dateFormat, String type) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                out, err, combined, merge, t, dateFormat, type, port, listenAddress, uid, gid, stdin);
    }

    public Launch withPort(Integer p, String address) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, p, address, uid, gid, stdin);
    }

    public Launch withInstanceVar(String v) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, v, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress, uid, gid, stdin);
    }

    public Launch withRunAs(String u, String g) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress, u, g, stdin);
    }

    public Launch withStdin(String s) {
        return new Launch(script, args, cwd, interpreter, interpreterArgs, env, instanceVar, incrementVar, execMode,
                outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, port, listenAddress, uid, gid, s);
    }

    /** Whether the app reads the messages of {@code jpm send} on its stdin. */
    public boolean stdinMessages() {
        return STDIN_MESSAGE.equals(stdin);
    }

    /**
     * The identity of this launch: a hash of every component but {@link #NOT_HASHED}, so a
     * component added later counts by default. The planner restarts an app exactly when it
     * differs. The version tag changes with the canonical form (not persisted: both sides of a
     * comparison are always hashed by the same build).
     */
    public String hash() {
        return ConfigHash.of(this, "launch-v2", NOT_HASHED);
    }
}
