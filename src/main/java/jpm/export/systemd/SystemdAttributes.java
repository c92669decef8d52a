package jpm.export.systemd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Attribute;
import jpm.ecosystem.Attributes;
import jpm.ecosystem.Supervision;

/**
 * What becomes of each ecosystem attribute in systemd units: it maps, maps with a different
 * meaning, or does not map and is a warning at its {@code file:line:col} when an app uses it.
 * One row per attribute of {@link Attributes} (a test holds them equal); docs/export.md's table
 * is rendered from these rows. Pure.
 */
public final class SystemdAttributes {
    /** How an attribute carries over. */
    public enum Kind {
        MAPS("maps"), DIFFERS("maps differently"), WARNING("warning");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One attribute's fate.
     *
     * @param systemd the directives it becomes (markdown), or what happens instead
     * @param inUse for a {@link Kind#WARNING} row: whether an app uses it (a default value is no use)
     * @param warning for a {@link Kind#WARNING} row: the message, after "KEY: "
     */
    public record Row(String key, Kind kind, String systemd, Predicate<AppSpec> inUse, String warning) {}

    private static final Map<String, Row> ROWS = build();

    private SystemdAttributes() {}

    /** The row of a canonical attribute key, or null for an ignored PM2 key (the loader warns about those). */
    public static Row of(String key) {
        return ROWS.get(key);
    }

    /** Every row, in the order of the reference page. */
    public static List<Row> all() {
        return List.copyOf(ROWS.values());
    }

    /** The rows of docs/export.md's systemd table: one per attribute, the ignored PM2 keys in one. */
    public static String markdownTable() {
        StringBuilder md = new StringBuilder("| attribute | carries over | in the units |\n|---|---|---|\n");
        for (Row r : ROWS.values()) {
            md.append("| `").append(r.key()).append("` | ").append(r.kind().label).append(" | ").append(r.systemd()).append(" |\n");
        }
        String ignored = String.join(", ", Attributes.all().stream().filter(a -> a.onChange() == Attribute.OnChange.IGNORED)
                .map(a -> "`" + a.key() + "`").toList());
        md.append("| ").append(ignored).append(" | — | PM2's keys that jpm ignores (a warning when the file is loaded): nothing to export |\n");
        return md.toString();
    }

    private static Map<String, Row> build() {
        Map<String, Row> m = new LinkedHashMap<>();
        maps(m, "name", "the unit names `jpm-<namespace>-<name>@.service` (characters a unit name cannot hold as `\\xNN`), "
                + "`Description=`, `Environment=JPM_APP_NAME=`");
        maps(m, "namespace", "part of the unit names; `Environment=JPM_NAMESPACE=`");
        maps(m, "script", "`ExecStart=`: the command line jpm would run, resolved on this machine (interpreter by extension, "
                + "absolute paths), quoted for systemd; no shell");
        maps(m, "args", "the arguments in `ExecStart=`");
        maps(m, "cwd", "`WorkingDirectory=`");
        maps(m, "interpreter", "the program of `ExecStart=`");
        maps(m, "interpreter_args", "its arguments in `ExecStart=`, before the script");
        maps(m, "instances", "instances `@0` … `@N-1` of the template unit, each in the target's `Wants=`");
        warn(m, "exec_mode", "`fork`: maps; `cluster` with a port: a warning",
                a -> a.launch().clusterPort() != null,
                "cluster mode does not carry over: each instance is its own service and would bind the port itself;"
                        + " sharing it needs socket activation (a jpm-<namespace>-<name>@.socket with ListenStream=PORT and"
                        + " ReusePort=yes, whose socket systemd passes as fd 3 as jpm does), which is not exported");
        maps(m, "port", "`Environment=PORT=` (in cluster mode see `exec_mode`)");
        warn(m, "listen_address", "a warning: only cluster mode binds it", a -> a.launch().listenAddress() != null,
                "listen_address does not carry over: it is the address of cluster mode's shared socket, which is not exported");
        maps(m, "uid", "`User=` (system units; default: the user who runs the export); with `--user` a warning: a user manager"
                + " runs its units as its own user");
        maps(m, "gid", "`Group=` (system units); with `--user` a warning, as `uid`");
        warn(m, "stdin", "a warning: stdin is /dev/null", a -> a.launch().stdinMessages(),
                "stdin: message does not carry over: systemd has no jpm send; the service reads /dev/null");
        differs(m, "wait_ready", "`Type=notify` with `NotifyAccess=all`: sd_notify `READY=1` works as under jpm; Node's "
                + "`process.send('ready')` does not (systemd has no IPC channel)");
        differs(m, "listen_timeout", "`TimeoutStartSec=` with `wait_ready`, else nothing");
        maps(m, "env", "`Environment=`, each value quoted for systemd; secret-looking values in an `EnvironmentFile=` of mode "
                + "0600 instead (see above)");
        maps(m, "env_<name>", "merged over `env` by `--env NAME`, as apply does");
        maps(m, "autorestart", "`Restart=always`, or `Restart=no` when false");
        differs(m, "max_restarts", "`StartLimitBurst=` max_restarts + 1: systemd counts starts within an interval, not "
                + "unstable runs in a row");
        differs(m, "min_uptime", "`StartLimitIntervalSec=` (max_restarts + 1) × (min_uptime + `RestartSec=`): as many quick "
                + "crashes in a row as jpm allows fit in the interval");
        maps(m, "restart_delay", "`RestartSec=`; 0 is `RestartSec=100ms`, the first step of jpm's backoff");
        warn(m, "exp_backoff_restart_delay", "a warning: `RestartSec=` the first delay, without the doubling",
                a -> a.supervision().restart().expBackoffRestartDelayMs() > 0,
                "exp_backoff_restart_delay does not carry over: the delay does not double; RestartSec= is its first value"
                        + " (systemd 254's RestartSteps= and RestartMaxDelaySec= would, where available)");
        maps(m, "kill_timeout", "`TimeoutStopSec=` (0 is 1ms: systemd reads 0 as no timeout)");
        maps(m, "stop_signal", "`KillSignal=`; the whole control group is signalled, as jpm signals the process group");
        maps(m, "stop_exit_codes", "`RestartPreventExitStatus=`");
        differs(m, "max_memory_restart", "`MemoryMax=`: the kernel kills the service's cgroup at the limit and `Restart=` "
                + "starts it again, where jpm restarts it gracefully when a scan sees it above (a user manager needs the memory "
                + "controller delegated to it for the limit to hold)");
        maps(m, "cron_restart", "a `jpm-<namespace>-<name>-cron.timer` (`OnCalendar=` translated, `AccuracySec=1s`) and a "
                + "oneshot `.service` that runs `systemctl try-restart` on the app's instances; a schedule that `OnCalendar=` "
                + "cannot express (the nearest weekday `W`) is an error");
        warn(m, "watch", "a warning: not exported", a -> !a.supervision().triggers().watch().isEmpty(),
                "watch does not carry over: a systemd .path unit watches a path but not a tree, nor with ignores; not exported");
        warn(m, "ignore_watch", "a warning, with `watch`", a -> !a.supervision().triggers().ignoreWatch().isEmpty(),
                "ignore_watch does not carry over (see watch)");
        warn(m, "watch_delay", "a warning, with `watch`", a -> !a.supervision().triggers().watch().isEmpty()
                        && a.supervision().triggers().watchDelayMs() != Supervision.DEFAULTS.triggers().watchDelayMs(),
                "watch_delay does not carry over (see watch)");
        maps(m, "out_file", "`StandardOutput=append:PATH` (`-%i` before the extension unless `merge_logs`), `null` for "
                + "`/dev/null`; without it the journal");
        maps(m, "error_file", "`StandardError=`, as `out_file`");
        warn(m, "log_file", "a warning: systemd writes a stream to one place", a -> a.launch().logFile() != null,
                "log_file does not carry over: systemd sends each stream to one place; the journal has both"
                        + " (journalctl -u 'jpm-<namespace>-<name>@*')");
        maps(m, "merge_logs", "one `append:` file for all instances instead of one per instance");
        warn(m, "time", "a warning: the journal stamps every line", a -> a.launch().time(),
                "time does not carry over: the journal stamps every line itself (journalctl -o short-iso);"
                        + " lines appended to out_file get no timestamp");
        warn(m, "log_date_format", "a warning, as `time`", a -> a.launch().logDateFormat() != null,
                "log_date_format does not carry over (see time)");
        warn(m, "log_type", "a warning: `journalctl -o json` has each line as JSON", a -> a.launch().logType() != null,
                "log_type does not carry over: journalctl -o json shows each line as a JSON object");
        warn(m, "log_max_size", "a warning: journald rotates the journal (`SystemMaxUse=`); `append:` files need logrotate",
                a -> a.supervision().logs().logMaxSizeBytes() > 0,
                "log_max_size does not carry over: journald rotates the journal (SystemMaxUse= in journald.conf);"
                        + " files of out_file need logrotate");
        warn(m, "log_retain", "a warning, as `log_max_size`",
                a -> a.supervision().logs().logRetain() != Supervision.DEFAULTS.logs().logRetain(),
                "log_retain does not carry over (see log_max_size)");
        warn(m, "log_compress", "a warning, as `log_max_size`", a -> a.supervision().logs().logCompress(),
                "log_compress does not carry over (see log_max_size)");
        maps(m, "instance_var", "`Environment=NAME=%i`, as `JPM_INSTANCE=%i`: the instance's number");
        maps(m, "increment_var", "a drop-in per instance, `jpm-<namespace>-<name>@N.service.d/increment-var.conf`, with "
                + "`Environment=VAR=` the value + N");
        warn(m, "hooks", "a warning: not exported", a -> !a.supervision().hooks().hooks().isEmpty(),
                "hooks do not carry over: systemd runs units on failure (OnFailure=) or around a start (ExecStartPre=),"
                        + " not commands on jpm's events; not exported");
        warn(m, "health", "a warning: systemd has no probe", a -> a.supervision().health().health() != null,
                "health does not carry over: systemd has no probe; an app that sends sd_notify WATCHDOG=1 can have"
                        + " WatchdogSec=, which is not exported");
        differs(m, "depends_on", "`After=` and `Requires=` on each instance of the dependency; the conditions `healthy` and "
                + "`completed` become a start order with a warning; an app outside the file is a warning");
        differs(m, "restart_dependents", "`Requires=` restarts the dependents when a dependency is restarted with "
                + "`systemctl restart`, whatever this says");
        return m;
    }

    private static void maps(Map<String, Row> m, String key, String systemd) {
        m.put(key, new Row(key, Kind.MAPS, systemd, a -> false, null));
    }

    private static void differs(Map<String, Row> m, String key, String systemd) {
        m.put(key, new Row(key, Kind.DIFFERS, systemd, a -> false, null));
    }

    private static void warn(Map<String, Row> m, String key, String systemd, Predicate<AppSpec> inUse, String warning) {
        m.put(key, new Row(key, Kind.WARNING, systemd, inUse, warning));
    }
}
