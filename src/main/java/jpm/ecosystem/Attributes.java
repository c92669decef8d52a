package jpm.ecosystem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jpm.ecosystem.Attribute.OnChange;

/**
 * Every key an app may have in an ecosystem file, defined once: its names (PM2's aliases too),
 * what a change of it does ({@link OnChange}), the {@link AppSpec}, {@link Launch} or
 * {@link Supervision} component it binds to, its default and its line in the reference page.
 *
 * <p>The planner names the attributes of a diff from this table (jpm.plan.Fields). The other
 * places an attribute appears are checked against it by tests, so that adding an attribute in
 * one place and not the others fails the build rather than going unseen: the schema
 * (schemas/ecosystem.schema.json: keys, classes, defaults), schemas/pm2-keys.json, the
 * binder ({@link AppBinder}: every attribute reaches its component, and writing its default is
 * the same as leaving it out), docs/apply.md and ecosystem.example.yaml (AttributesTest,
 * EcosystemReferenceTest). docs/ecosystem.md's attribute tables are generated from it.
 *
 * <p>Not read when loading a file: the loader works from the schema and pm2-keys.json, which
 * the tests hold equal to this table, and jpm ls or ping never load this class.
 */
public final class Attributes {
    private Attributes() {}

    /**
     * In the order of the reference page. A restart attribute binds to a {@link Launch}
     * component, a live one to a {@link Supervision} component, identity and scale to
     * {@link AppSpec}'s own.
     */
    private static final List<Attribute> ALL = build(
        identity("name", "name", "string").defaultDoc("the script's file name without its extension")
                .doc("1 to 64 printable characters. It must not contain `/`, `\\` or control characters, must not start "
                        + "with `-`, and must not be `.`, `..` or `all`. Spaces and `:` are allowed."),
        identity("namespace", "namespace", "string").defaults("default")
                .doc("A group of apps. The same name in two namespaces is two apps. Same rules as `name`."),
        restart("script", "script", "string").defaultDoc("required").aliases("exec", "cmd", "command")
                .doc("What to run: a file (relative to `cwd`), a command on PATH (`npm`, `python3`), or a command line. "
                        + "See [script](#script)."),
        restart("args", "args", "list, or string")
                .doc("The script's arguments. A string is split like a shell."),
        restart("cwd", "cwd", "string").defaultDoc("the ecosystem file's directory")
                .doc("The working directory. A relative path is resolved against **the ecosystem file's directory**."),
        restart("interpreter", "interpreter", "string").defaultDoc("by extension, else by content")
                .aliases("exec_interpreter")
                .doc("The program that runs the script (`node`, `python3`, `bash`, a path), or `none` to run the script "
                        + "itself. By default it is chosen as PM2 chooses it: by extension (`.js` node, `.py` python3, `.sh` "
                        + "bash, `.rb`, `.pl`, `.php`, `.jar`), and for a file without a known extension (`./bin/www`) by its "
                        + "first bytes: a binary is executed itself, a `#!` line naming another program is obeyed, anything "
                        + "else runs with node (cli.md, \"Interpreter\")."),
        restart("interpreter_args", "interpreterArgs", "list, or string").aliases("node_args")
                .doc("The interpreter's arguments, placed before the script. A string is split like a shell."),
        scale("instances", "instances", "integer, or string").defaults(1)
                .doc("A number, or a numeric string (`\"2\"`). `max` and `0` mean one per CPU. A negative `-n` means CPUs − "
                        + "n, at least 1. The result is at most 1024."),
        restart("exec_mode", "execMode", "`fork`, `cluster`, `fork_mode`, `cluster_mode`").defaults("fork")
                .defaultDoc("`fork`; `cluster` for a Node app with several instances")
                .doc("See [cluster mode](#cluster-mode)."),
        restart("port", "port", "integer 1–65535, or numeric string")
                .doc("Sets `PORT` in `env` (as in PM2). In cluster mode, the port jpm binds and shares among the "
                        + "instances."),
        restart("listen_address", "listenAddress", "IPv4 or IPv6 address").defaultDoc("`0.0.0.0`").jpmOwn()
                .doc("The address cluster mode binds (jpm's own attribute)."),
        restart("uid", "uid", "string, or integer").defaultDoc("the daemon's user").aliases("user")
                .doc("The user the app runs as, a name or a uid: see [run as another user](#run-as-another-user)."),
        restart("gid", "gid", "string, or integer").defaultDoc("the primary group of `uid`")
                .doc("The group the app runs as, a name or a gid."),
        restart("stdin", "stdin", "`message`").defaultDoc("`/dev/null`").jpmOwn()
                .doc("`message`: the app's stdin is a pipe on which each message of `jpm send` and `jpm trigger` arrives "
                        + "as one line of JSON, for apps that are not Node (a Node app gets them on `process.on('message')` "
                        + "without it). See [messages to apps](events.md#messages-to-apps). jpm's own attribute."),
        live("wait_ready", "waitReady", "boolean").defaults(false)
                .doc("The app says when it is ready: `process.send('ready')` in Node, or sd_notify `READY=1` on "
                        + "`NOTIFY_SOCKET` in any language. It is `launching` until then, and reload and apply wait for it."),
        live("listen_timeout", "listenTimeoutMs", "duration").defaults(3000)
                .doc("How long to wait for readiness (`wait_ready`, or a Node app in cluster mode listening). Longer is a "
                        + "failure: the process is stopped and the instance is `errored`; a reload keeps the old process."),
        restart("env", "env", "map of string, number or boolean").defaultDoc("`{}`")
                .doc("The app's variables. Numbers and booleans become their text (`3000` becomes `\"3000\"`, `true` becomes"
                        + " `\"true\"`)."),
        restart("env_<name>", "env", "map, like `env`")
                .doc("Merged over `env` when `--env <name>` is given."),
        live("autorestart", "autorestart", "boolean").defaults(true)
                .doc("Restart the app when it exits."),
        live("max_restarts", "maxRestarts", "integer ≥ 0").defaults(16)
                .doc("Unstable restarts in a row before the app is `errored`. A run is unstable when it lasts less than "
                        + "`min_uptime`."),
        live("min_uptime", "minUptimeMs", "duration").defaults(1000)
                .doc("How long a run must last to count as stable."),
        live("restart_delay", "restartDelayMs", "duration").defaults(0)
                .doc("How long to wait before restarting an app that exited. With 0, an app that ran at least `min_uptime`"
                        + " restarts at once, and one that crashed sooner after an exponential backoff (see "
                        + "`exp_backoff_restart_delay`)."),
        live("exp_backoff_restart_delay", "expBackoffRestartDelayMs", "duration").defaults(0).defaultDoc("`0` (= 100 ms)")
                .doc("The first delay of the backoff between unstable restarts in a row; it doubles each time, up to 30 s."),
        live("kill_timeout", "killTimeoutMs", "duration").defaults(1600)
                .doc("How long after `stop_signal` the app gets SIGKILL."),
        live("stop_signal", "stopSignal", "`SIGTERM`, `SIGINT`, `SIGQUIT`, `SIGHUP`, `SIGUSR1`, `SIGUSR2`, `SIGKILL`, "
                + "`SIGWINCH` (with or without `SIG`)").defaults("SIGTERM").jpmOwn()
                .doc("The signal that asks the app to stop. This attribute is jpm's own; PM2 does not have it."),
        live("stop_exit_codes", "stopExitCodes", "integer, numeric string, or list of them (0–255)").defaults(List.of())
                .doc("Exit codes after which the app is not restarted."),
        live("max_memory_restart", "maxMemoryRestartBytes", "size").defaults(0).defaultDoc("`0` (no limit)")
                .doc("Restart the app when its memory exceeds this size."),
        live("cron_restart", "cronRestart", "string (or `0`)").aliases("cron")
                .doc("Restart the app on this schedule: 5 fields as in crontab, 6 with seconds first, or a macro such as "
                        + "`@daily`. `0` or an empty string means none. See [cron_restart](#cron_restart)."),
        live("watch", "watch", "boolean, string, or list of strings").defaults(false)
                .doc("Restart the app when files change. `true` watches `cwd`; a string is one path; a list is several "
                        + "paths. Relative paths are relative to `cwd`."),
        live("ignore_watch", "ignoreWatch", "string, or list of strings").defaults(List.of())
                .doc("Paths or patterns that `watch` ignores."),
        live("watch_delay", "watchDelayMs", "duration").defaults(1000)
                .doc("How long to wait after a change before restarting."),
        restart("out_file", "outFile", "string").defaultDoc("`JPM_HOME/logs/<name>-<i>-out.log`")
                .aliases("out", "output", "out_log")
                .doc("The file for stdout, relative to `cwd`. Unless `merge_logs` is set, each instance gets `-<i>` before"
                        + " the extension. `/dev/null` or PM2's `\"NULL\"` (quoted in YAML, where a bare `NULL` is null) discards"
                        + " the stream."),
        restart("error_file", "errorFile", "string").defaultDoc("`JPM_HOME/logs/<name>-<i>-error.log`")
                .aliases("error", "err", "err_file", "err_log")
                .doc("The file for stderr, like `out_file`."),
        restart("log_file", "logFile", "string, or `false`").aliases("log")
                .doc("A file that receives both streams as well, relative to `cwd`. `true` is accepted with a warning and "
                        + "ignored, because jpm has no default path for it."),
        restart("merge_logs", "mergeLogs", "boolean").defaults(false).aliases("combine_logs")
                .doc("All instances write one out file and one error file."),
        restart("time", "time", "boolean").defaults(false)
                .doc("Prefix each log line with a timestamp (`<time>: <line>`, as PM2 does). The output then goes through "
                        + "the daemon, which never loses, splits or duplicates a line (logs.md)."),
        restart("log_date_format", "logDateFormat", "string").defaultDoc("ISO-8601 with ms and offset")
                .doc("The format of the timestamp, in PM2's day.js syntax (`YYYY-MM-DD HH:mm:ss Z`, `DD/MM HH:mm:ss.SSS`, "
                        + "`[literal]`). Setting it turns timestamps on. An unsupported token (`X`, `x`, `a`, `d`) is an error "
                        + "at its line."),
        restart("log_type", "logType", "`json` or `text`").defaultDoc("`text`")
                .doc("`json`: each line becomes one JSON object `{\"timestamp\",\"app\",\"instance\",\"stream\",\"message\"}` "
                        + "(invalid UTF-8 is replaced by U+FFFD in `message`). Piped like `time`."),
        live("log_max_size", "logMaxSizeBytes", "size").defaults(0).defaultDoc("`0` (never)").jpmOwn()
                .doc("Rotate each log file when it reaches this size (`10M`; at least 4K). Piped files are renamed between"
                        + " two lines; direct-mode files are copied and truncated (logs.md)."),
        live("log_retain", "logRetain", "integer").defaults(10).jpmOwn()
                .doc("Rotated files kept per log file; older ones are deleted."),
        live("log_compress", "logCompress", "boolean").defaults(false).jpmOwn()
                .doc("gzip rotated files (`.log.gz`)."),
        restart("instance_var", "instanceVar", "string").defaults("NODE_APP_INSTANCE")
                .doc("The variable that carries the instance number (0, 1, …). Any text without `=`, as in PM2; a name "
                        + "that is not a shell identifier (`app-instance`) gets a warning, because a shell cannot read it and "
                        + "dash drops it from the environment of what it starts."),
        restart("increment_var", "incrementVar", "variable name")
                .doc("A variable of `env` whose number grows by one per instance: with `PORT: 3000`, the instances get "
                        + "3000, 3001, and so on. If `env` does not set the variable, jpm warns and the instances count from 0."
                        + " A value that is not a number is an error."),
        live("hooks", "hooks", "map of event type to command (a list: program, then arguments)").defaults(Map.of())
                .defaultDoc("none").jpmOwn()
                .doc("Commands the daemon runs when the app's events happen, e.g. `errored: [/usr/local/bin/notify, "
                        + "--channel, ops]`: no shell, the event as JSON on stdin and as `JPM_EVENT_*` variables, with a "
                        + "timeout. The program is an absolute path, a path relative to `cwd`, or a command on PATH. See "
                        + "[hooks](hooks.md)."),
        live("health", "health", "map: one of `http`, `tcp`, `exec`; `interval`, `timeout`, `start_period` (durations), "
                + "`retries` (integer ≥ 1), `on_unhealthy` (`restart` or `none`)").aliases("healthcheck").defaultDoc("none").jpmOwn()
                .doc("A probe the daemon runs on every instance: `http: http://127.0.0.1:${PORT}/health` (healthy on 2xx or "
                        + "3xx), `tcp: 127.0.0.1:${PORT}` (a connection opens) or `exec: [pg_isready, -p, \"${PORT}\"]` (exit 0; "
                        + "no shell, the app's env and cwd). Every `interval` (10 s), within `timeout` (2 s); `retries` (3) "
                        + "failures in a row, not counting those during `start_period` (0) after a spawn, make the instance "
                        + "unhealthy, and `on_unhealthy: restart` restarts it. `${PORT}`, `${JPM_INSTANCE}` and the app's env "
                        + "variables are filled per instance. Also written `healthcheck`, as in compose. See [health checks](health.md)."),
        live("depends_on", "dependsOn", "list of app names, or map of app name to `{condition: …}` (`started`, `healthy`, `completed`)")
                .defaults(List.of()).defaultDoc("none").jpmOwn()
                .doc("Apps that must meet a condition before this one starts: `[db, cache]` (each `started`: every instance "
                        + "online), or `{db: {condition: healthy}}` (its `health` passes) or `completed` (it exited 0 and is "
                        + "not restarted). A name is an app of the same namespace in this file; `namespace/name` may also be an "
                        + "app already in the daemon. Stops go the other way: dependents first. See [dependencies](dependencies.md)."),
        live("restart_dependents", "restartDependents", "boolean").defaults(false).jpmOwn()
                .doc("When this app is restarted or reloaded, restart the running apps that depend on it once it is back (dependencies.md)."),
        // PM2's keys that jpm accepts and does not implement: a warning each, an error under --strict
        ignored("shutdown_with_message", "jpm stops apps with `stop_signal`"),
        ignored("kill_retry_time", "jpm sends SIGKILL once after `kill_timeout`"),
        ignored("treekill", "jpm always signals the app's whole process group"),
        ignored("filter_env", "jpm never passes the CLI's environment to apps"),
        ignored("append_env_to_name"),
        ignored("name_prefix"),
        ignored("force"),
        ignored("pid_file", "`jpm jlist` shows each instance's pid").aliases("pid"),
        ignored("disable_logs", "set `out_file` and `error_file` to `/dev/null`"),
        ignored("watch_options"),
        ignored("username"),
        ignored("execute_command"),
        ignored("install_url"),
        ignored("post_update"),
        ignored("vizion"),
        ignored("pmx"),
        ignored("automation"),
        ignored("io"),
        ignored("trace"),
        ignored("disable_trace"),
        ignored("v8"),
        ignored("event_loop_inspector"),
        ignored("deep_monitoring"),
        ignored("source_map_support"),
        ignored("disable_source_map_support"),
        ignored("write"),
        ignored("windowsHide")
    );

    private static final Map<String, Attribute> BY_KEY = byKey(ALL);

    /** Every attribute, in the order of the reference page. */
    public static List<Attribute> all() {
        return ALL;
    }

    /** The attributes of one class, in the order of the reference page. */
    public static List<Attribute> of(OnChange onChange) {
        return ALL.stream().filter(a -> a.onChange() == onChange).toList();
    }

    /** The attribute with this canonical key, or null (an alias is not a canonical key). */
    public static Attribute byKey(String key) {
        return BY_KEY.get(key);
    }

    /**
     * The single attribute (not a family such as {@code env_<name>}) that a component of the
     * class's record holds, or null when none does.
     */
    public static Attribute boundTo(OnChange onChange, String component) {
        for (Attribute a : ALL) {
            if (a.onChange() == onChange && !a.isFamily() && component.equals(a.component())) return a;
        }
        return null;
    }

    private static Def identity(String key, String component, String type) {
        return new Def(key, OnChange.IDENTITY, component, type);
    }

    private static Def scale(String key, String component, String type) {
        return new Def(key, OnChange.SCALE, component, type);
    }

    private static Def restart(String key, String component, String type) {
        return new Def(key, OnChange.RESTART, component, type);
    }

    private static Def live(String key, String component, String type) {
        return new Def(key, OnChange.LIVE, component, type);
    }

    /** A PM2 key jpm accepts and does not implement; {@code hint} is shown with its warning. */
    private static Def ignored(String key, String hint) {
        return new Def(key, OnChange.IGNORED, null, null).doc(hint);
    }

    private static Def ignored(String key) {
        return ignored(key, null);
    }

    private static Map<String, Attribute> byKey(List<Attribute> all) {
        Map<String, Attribute> out = new HashMap<>();
        for (Attribute a : all) out.put(a.key(), a);
        return Map.copyOf(out);
    }

    private static List<Attribute> build(Def... defs) {
        List<Attribute> out = new ArrayList<>();
        for (Def d : defs) out.add(d.build());
        return List.copyOf(out);
    }

    /** One row of the table as it is written: the required parts, then what differs from the usual. */
    private static final class Def {
        private final String key;
        private final OnChange onChange;
        private final String component;
        private final String type;
        private List<String> aliases = List.of();
        private boolean pm2 = true;
        private Object fileDefault;
        private String defaultDoc;
        private String doc;

        Def(String key, OnChange onChange, String component, String type) {
            this.key = Objects.requireNonNull(key);
            this.onChange = onChange;
            this.component = component;
            this.type = type;
        }

        Def aliases(String... names) {
            aliases = List.of(names);
            return this;
        }

        /** jpm's own attribute: PM2 does not have it. */
        Def jpmOwn() {
            pm2 = false;
            return this;
        }

        Def defaults(Object written) {
            fileDefault = written;
            return this;
        }

        Def defaultDoc(String markdown) {
            defaultDoc = markdown;
            return this;
        }

        Def doc(String markdown) {
            doc = markdown;
            return this;
        }

        Attribute build() {
            return new Attribute(key, onChange, component, aliases, pm2, type, fileDefault, defaultDoc, doc);
        }
    }
}
