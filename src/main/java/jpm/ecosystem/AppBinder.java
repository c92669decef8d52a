package jpm.ecosystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.ecosystem.DocNode.Position;

/**
 * Turns one validated {@link CanonicalApp} into an {@link AppSpec}, applying PM2's value shapes:
 * instances as "max"/0/negative, args split like a shell, a script written as a
 * command line, watch as bool/path/list, durations and sizes with units, env values stringified,
 * {@code --env <name>} merged over env, relative paths against the ecosystem file's directory.
 * Values the schema already refused are skipped, so each mistake is reported once.
 */
final class AppBinder {
    /** What binding found out about an app; {@code spec} is null when the app has errors. */
    record Bound(CanonicalApp app, String name, String namespace, Position namePosition, String namePointer, AppSpec spec) {}

    private final Diagnostics diagnostics;
    private final AttributeValues values;
    private final Path dir;
    private final int cpus;
    private final String envName;
    /** The system's users and groups, or null: uid and gid are then checked for form only. */
    private final RunAs.Accounts accounts;
    private final long selfUid;
    /** What a leading ~ in cwd and the log paths stands for, as in PM2: the loading user's home. */
    private final String home = HomePaths.ofCurrentUser();

    AppBinder(Diagnostics diagnostics, Path dir, int cpus, String envName, RunAs.Accounts accounts, long selfUid) {
        this.diagnostics = diagnostics;
        this.values = new AttributeValues(diagnostics);
        this.dir = dir;
        this.cpus = cpus;
        this.envName = envName;
        this.accounts = accounts;
        this.selfUid = selfUid;
    }

    Bound bind(CanonicalApp app) {
        Path cwd = cwd(app);
        String script = values.string(app, "script");
        List<String> args = new ArrayList<>();
        if (script != null && cwd != null) {
            String stripped = script.strip();
            if (stripped.chars().anyMatch(Character::isWhitespace) && !exists(cwd, script)) {
                // "python3 -m http.server 8080": a command line, not a file name
                List<String> words = values.words(app, "script", stripped);
                if (words != null && !words.isEmpty()) {
                    script = words.getFirst();
                    args.addAll(words.subList(1, words.size()));
                }
            }
        }
        List<String> ownArgs = values.wordList(app, "args");
        if (ownArgs != null) args.addAll(ownArgs);

        String name = values.string(app, "name");
        Position namePosition = app.locate("name").position();
        String namePointer = app.pointerOf("name");
        if (name != null) {
            String problem = AppName.problem(name);
            if (problem != null) values.error(app, "name", "app name '" + name + "' " + problem);
        } else if (app.value("name") == null && script != null) {
            name = defaultName(script);
            namePosition = app.locate("script").position();
            namePointer = app.pointerOf("script");
            String problem = AppName.problem(name);
            if (problem != null) {
                values.error(app, "script", "no name given, and the name taken from the script, '" + name + "', " + problem + ": add name");
            }
        }
        String namespace = values.string(app, "namespace");
        if (namespace != null) {
            String problem = AppName.problem(namespace);
            if (problem != null) values.error(app, "namespace", "namespace '" + namespace + "' " + problem);
        } else if (app.value("namespace") == null) {
            namespace = AppSpec.DEFAULT_NAMESPACE;
        }

        int instances = instances(app);
        Map<String, String> env = env(app);
        String execMode = values.string(app, "exec_mode");
        String instanceVar = instanceVar(app);
        String incrementVar = values.string(app, "increment_var");
        if (incrementVar != null && env != null) checkIncrementVar(app, incrementVar, env);
        Integer port = port(app);
        // PM2's port is a shorthand for env PORT; in cluster mode jpm also binds it (fd 3)
        if (port != null && env != null && !env.containsKey("PORT")) {
            env = new java.util.TreeMap<>(env);
            env.put("PORT", port.toString());
        }
        List<String> interpreter = script == null || cwd == null ? null
                : ScriptFiles.interpreterAtLoad(script, cwd, values.string(app, "interpreter"), System.getenv("PATH"));
        String sharedPort = port != null ? port.toString() : env == null ? null : env.get("PORT");
        ExecModes.Decision mode = ExecModes.decide(execMode, severalInstances(app), instances,
                interpreter != null && Interpreters.isNode(interpreter), sharedPort, incrementVar);
        execMode = mode.execMode();
        execModeNote(app, mode.note(), instances, interpreter, sharedPort);
        if (ExecModes.startsItsAppAsAChild(execMode, script)) {
            diagnostics.warning(app.locate("script").position(), app.pointerOf("script"), "cluster mode with " + script
                    + ": it starts the app as its own child, which jpm's Node adapter does not reach (nor PM2's cluster mode),"
                    + " so the instances do not share the app's port: run the app's own script (script: server.js, or"
                    + " node_modules/.bin/next with args: start)");
        }
        String logFile = logFile(app);
        List<String> interpreterArgs = values.wordList(app, "interpreter_args");
        Set<String> variables = env == null ? Set.of() : HealthBinding.known(env.keySet(),
                instanceVar == null ? Launch.DEFAULT_INSTANCE_VAR : instanceVar, incrementVar);
        Supervision supervision = new SupervisionBinding(diagnostics, values).bind(app, cwd, namespace, name, variables);
        String[] runAs = runAs(app);

        boolean valid = !diagnostics.hasErrorAt(app.pointer()) && script != null && cwd != null && name != null
                && namespace != null && env != null && supervision != null;
        if (!valid) return new Bound(app, name, namespace, namePosition, namePointer, null);
        try {
            Launch launch = new Launch(script, args, cwd.toString(), values.string(app, "interpreter"), interpreterArgs,
                    env, instanceVar, incrementVar, execMode, homePath(app, "out_file"), homePath(app, "error_file"),
                    logFile, values.bool(app, "merge_logs", false), values.bool(app, "time", false), logDateFormat(app), values.string(app, "log_type"),
                    port, values.string(app, "listen_address"), runAs[0], runAs[1], values.string(app, "stdin"));
            return new Bound(app, name, namespace, namePosition, namePointer, new AppSpec(name, namespace, instances, launch, supervision));
        } catch (SpecException e) {
            diagnostics.error(app.position(), app.pointer(), e.getMessage());
            return new Bound(app, name, namespace, namePosition, namePointer, null);
        }
    }

    /**
     * uid and gid as written (names or numbers), each checked for form and, with the system's
     * accounts at hand, resolved, so an unknown user is an error at its line.
     */
    private String[] runAs(CanonicalApp app) {
        String[] out = new String[2];
        String[] keys = {"uid", "gid"};
        for (int i = 0; i < 2; i++) {
            Object v = values.scalar(app, keys[i]);
            if (v == null) continue;
            try {
                out[i] = RunAs.checkForm(keys[i], AttributeValues.stringify(v));
            } catch (RunAs.Refused e) {
                values.error(app, keys[i], e.getMessage());
                return out;
            }
        }
        if (accounts != null) {
            try {
                RunAs.resolve(out[0], out[1], accounts, selfUid);
            } catch (RunAs.Refused e) {
                values.error(app, e.key(), e.getMessage());
            }
        }
        return out;
    }

    /**
     * Whether the app asks for several instances as PM2 reads {@code instances} to choose cluster
     * mode: a count above 1, or max, 0 or a negative count (relative to the CPUs), whatever this
     * machine's count makes of it.
     */
    private boolean severalInstances(CanonicalApp app) {
        Object v = values.scalar(app, "instances");
        if (v == null) return false;
        if (v.equals("max")) return true;
        try {
            long n = v instanceof String str ? Long.parseLong(str.strip()) : ((Number) v).longValue();
            return n != 1;
        } catch (NumberFormatException | ClassCastException e) {
            return false;
        }
    }

    private void execModeNote(CanonicalApp app, ExecModes.Note note, int instances, List<String> interpreter, String sharedPort) {
        switch (note) {
            case NONE -> { }
            case IMPLIED_CLUSTER -> diagnostics.info(app.locate("instances").position(), app.pointerOf("instances"),
                    "cluster mode, as PM2 runs a Node app with several instances and no exec_mode: the instances share every"
                            + " port the app listens on");
            case INDEPENDENT_PROCESSES -> diagnostics.warning(app.locate("exec_mode").position(), app.pointerOf("exec_mode"),
                    "cluster mode without a port runs " + instances + " independent processes: give it port (or env PORT)"
                            + " so that jpm shares one listening socket among them, or increment_var so each binds its own");
            case ONE_PORT_FOR_ALL -> {
                String why = app.value("exec_mode") != null ? "" : "PM2 runs an app with several instances and no exec_mode in"
                        + " cluster mode only when it is a Node app, and this one runs with " + (interpreter == null
                        || interpreter.isEmpty() ? "no interpreter (executed itself)" : interpreter.getFirst()) + "; ";
                diagnostics.warning(app.locate("instances").position(), app.pointerOf("instances"),
                        instances + " instances in fork mode all get PORT=" + sharedPort + ", and only one can listen on it: " + why
                                + "set exec_mode: cluster so that jpm binds the port once per instance and hands it over"
                                + " (Node apps unchanged, others take it as fd 3), or increment_var: PORT so that each gets its own");
            }
        }
    }

    private static boolean exists(Path cwd, String file) {
        try {
            return Files.exists(cwd.resolve(file));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** PM2's default name: the script's file name without its extension. */
    static String defaultName(String script) {
        String file = script.substring(script.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private Path cwd(CanonicalApp app) {
        if (app.value("cwd") == null) return dir;
        String cwd = homePath(app, "cwd");
        if (cwd == null) return null;
        // compose's rule, not PM2's: a relative cwd belongs to the file, not to the caller's shell
        Path p = dir.resolve(cwd).normalize();
        if (!Files.isDirectory(p)) {
            diagnostics.warning(app.locate("cwd").position(), app.pointerOf("cwd"), "cwd " + p + " is not a directory (yet)");
        }
        return p;
    }

    /** A path attribute with PM2's {@code ~} expanded (see {@link HomePaths}), warning about {@code ~name}. */
    private String homePath(CanonicalApp app, String key) {
        String written = values.string(app, key);
        String expanded = HomePaths.expand(written, home);
        if (HomePaths.namesAUser(written)) {
            diagnostics.warning(app.locate(key).position(), app.pointerOf(key), "'" + written + "' is read as PM2 reads it, "
                    + expanded + " (~ is the home of the user who loads the file, " + home + "); a shell would read '"
                    + written.split("/", 2)[0] + "' as that user's home: write the path in full");
        }
        return expanded;
    }

    private int instances(CanonicalApp app) {
        Object v = values.scalar(app, "instances");
        if (v == null) return 1;
        long n = v.equals("max") ? 0 : v instanceof String s ? Long.parseLong(s) : ((Number) v).longValue();
        long resolved = n == 0 ? cpus : n < 0 ? Math.max(1, cpus + n) : n;
        if (resolved > AppSpec.MAX_INSTANCES) {
            values.error(app, "instances", "must be at most " + AppSpec.MAX_INSTANCES + ", found " + v
                    + (n > 0 ? "" : " = " + resolved + " on this machine (" + cpus + " CPUs)"));
            return 1;
        }
        return (int) resolved;
    }

    private Map<String, String> env(CanonicalApp app) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!envMap(app, "env", env)) return null;
        if (envName != null && !envMap(app, "env_" + envName, env)) return null;
        return env;
    }

    /** Adds a validated env map's values, stringified as PM2 does; false if it had errors. */
    private boolean envMap(CanonicalApp app, String key, Map<String, String> into) {
        DocNode v = app.value(key);
        if (v == null) return true;
        if (diagnostics.hasErrorAt(app.pointerOf(key)) || !(v instanceof DocNode.MapNode m)) return false;
        m.entries().forEach((k, e) -> into.put(k, AttributeValues.stringify(((DocNode.ScalarNode) e.value()).value())));
        return true;
    }

    /**
     * instance_var: any text without '=', as PM2 takes it. A name that is not an identifier still
     * reaches the app's environment, but shells cannot read it, and dash drops it from the
     * environment of what it starts, so it is worth a warning rather than an error.
     */
    private String instanceVar(CanonicalApp app) {
        String v = values.string(app, "instance_var");
        if (v != null && !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            diagnostics.warning(app.locate("instance_var").position(), app.pointerOf("instance_var"),
                    "instance_var '" + v + "' is not a shell variable name: the app gets it in its environment (Node:"
                            + " process.env['" + v + "']), but a shell cannot read it as $" + v + " and dash drops it from"
                            + " the environment of the programs it starts; letters, digits and _ avoid that");
        }
        return v;
    }

    private void checkIncrementVar(CanonicalApp app, String var, Map<String, String> env) {
        String base = env.get(var);
        if (base == null) {
            diagnostics.warning(app.locate("increment_var").position(), app.pointerOf("increment_var"),
                    var + " is not set in env: instances get " + var + "=0, 1, ...; set a base value (e.g. " + var + ": 3000)");
        } else if (!base.strip().matches("-?[0-9]{1,18}")) {
            values.error(app, "increment_var", var + " must be a number in env to be incremented, found '" + base + "'");
        }
    }

    private String logFile(CanonicalApp app) {
        Object v = values.scalar(app, "log_file");
        if (v instanceof String) return homePath(app, "log_file");
        if (Boolean.TRUE.equals(v)) {
            diagnostics.warning(app.locate("log_file").position(), app.pointerOf("log_file"),
                    "log_file: true has no default file in jpm; ignored (give a path)");
        }
        return null;
    }

    /** log_date_format, translated from day.js now so a bad pattern is reported at its line. */
    private String logDateFormat(CanonicalApp app) {
        String f = values.string(app, "log_date_format");
        if (f == null) return null;
        try {
            jpm.ecosystem.DateFormats.fromDayJs(f);
        } catch (IllegalArgumentException e) {
            values.error(app, "log_date_format", e.getMessage());
        }
        return f;
    }

    /** {@code port}: a number or a numeric string (the schema checked the form), or null. */
    private Integer port(CanonicalApp app) {
        Object v = values.scalar(app, "port");
        if (v == null) return null;
        try {
            long n = v instanceof Long l ? l : Long.parseLong(v.toString().trim());
            if (n >= 1 && n <= 65535) return (int) n;
        } catch (NumberFormatException e) {
            // reported below
        }
        values.error(app, "port", "must be a port number from 1 to 65535, found " + v);
        return null;
    }
}
