package jpm.export.systemd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.Diagnostic.Severity;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import jpm.export.SecretNames;

/**
 * The template unit {@code jpm-<namespace>-<name>@.service} of one app; each line's attribute
 * is in {@link SystemdAttributes}. Pure: findings go to {@code report}.
 *
 * @param dependencies the dependencies' instance units by {@code namespace/name}, for those in the file
 */
record ServiceUnit(ExportedApp app, SystemdOptions options, Map<String, List<String>> dependencies, Consumer<Diagnostic> report) {
    /** jpm's first backoff step, used when an app has no restart_delay. */
    static final long FIRST_BACKOFF_MS = 100;

    String render() {
        AppSpec spec = app.spec();
        Launch l = spec.launch();
        Supervision s = spec.supervision();
        StringBuilder u = new StringBuilder();
        u.append("# jpm app ").append(comment(spec.id())).append(" of ").append(comment(options.file()))
                .append(", written by `jpm export systemd`: one instance per @N (0, 1, ...).\n");
        u.append("[Unit]\n");
        u.append("Description=").append(literal("jpm app " + spec.id() + ", instance ")).append("%i\n");
        u.append("PartOf=").append(options.target()).append(".target\n");
        if (!options.userUnits()) u.append("Wants=network-online.target\nAfter=network-online.target\n");
        dependsOn(u, s);
        long restartSec = restartSec(s.restart());
        int burst = s.restart().maxRestarts() + 1;
        u.append("StartLimitBurst=").append(burst).append('\n');
        u.append("StartLimitIntervalSec=").append(UnitNames.duration(burst * (s.restart().minUptimeMs() + restartSec))).append('\n');

        u.append("\n[Service]\n");
        if (s.readiness().waitReady()) {
            u.append("Type=notify\nNotifyAccess=all\nTimeoutStartSec=").append(UnitNames.duration(s.readiness().listenTimeoutMs())).append('\n');
        } else {
            u.append("Type=simple\n");
        }
        runAs(u, l);
        u.append("WorkingDirectory=").append(literal(l.cwd(), "cwd")).append('\n');
        environment(u, spec);
        u.append("ExecStart=").append(SystemdQuoting.execLine(app.argv())).append('\n');
        u.append("Restart=").append(s.restart().autorestart() ? "always" : "no").append('\n');
        u.append("RestartSec=").append(UnitNames.duration(restartSec)).append('\n');
        if (!s.stop().stopExitCodes().isEmpty()) {
            u.append("RestartPreventExitStatus=").append(String.join(" ", s.stop().stopExitCodes().stream().map(String::valueOf).toList()))
                    .append('\n');
        }
        u.append("KillSignal=").append(s.stop().stopSignal()).append('\n');
        // systemd reads 0 as no timeout at all; jpm's 0 is SIGKILL at once
        u.append("TimeoutStopSec=").append(s.stop().killTimeoutMs() == 0 ? "1ms" : UnitNames.duration(s.stop().killTimeoutMs())).append('\n');
        if (s.triggers().maxMemoryRestartBytes() > 0) u.append("MemoryMax=").append(s.triggers().maxMemoryRestartBytes()).append('\n');
        u.append("StandardOutput=").append(output(l, l.outFile(), "out_file")).append('\n');
        u.append("StandardError=").append(output(l, l.errorFile(), "error_file")).append('\n');
        return u.toString();
    }

    /** The names of the app's env variables that go to its EnvironmentFile. */
    SortedMap<String, String> secrets() {
        SortedMap<String, String> out = new TreeMap<>();
        app.spec().launch().env().forEach((k, v) -> {
            if (SecretNames.isSecret(k, v)) out.put(k, v);
        });
        return out;
    }

    static long restartSec(Supervision.RestartPolicy r) {
        if (r.restartDelayMs() > 0) return r.restartDelayMs();
        return r.expBackoffRestartDelayMs() > 0 ? r.expBackoffRestartDelayMs() : FIRST_BACKOFF_MS;
    }

    private void dependsOn(StringBuilder u, Supervision s) {
        s.dependencies().dependsOn().forEach((dep, condition) -> {
            List<String> units = dependencies.get(dep);
            String at = "depends_on/" + dep.substring(dep.indexOf('/') + 1);
            if (units == null) {
                warn(at, "depends_on " + dep + " does not carry over: that app is not in this file, so its units are unknown;"
                        + " add After= and Requires= on its units in a drop-in");
                return;
            }
            String list = String.join(" ", units);
            u.append("After=").append(list).append('\n').append("Requires=").append(list).append('\n');
            if (!condition.equals(Supervision.Dependencies.STARTED)) {
                warn(at, "depends_on " + dep + " with condition " + condition + " becomes a start order only: systemd starts this"
                        + " app once the dependency has started" + (condition.equals(Supervision.Dependencies.HEALTHY)
                        ? " (is ready, with Type=notify), not once it is healthy"
                        : "; for it to wait until the dependency has exited, make that a Type=oneshot service"));
            }
        });
    }

    private void runAs(StringBuilder u, Launch l) {
        if (options.userUnits()) {
            if (l.uid() != null) warn("uid", "uid does not carry over to a user unit: a user manager runs its units as its own user");
            if (l.gid() != null) warn("gid", "gid does not carry over to a user unit: a user manager runs its units as its own user");
            return;
        }
        u.append("User=").append(literal(l.uid() != null ? l.uid() : options.user(), "uid")).append('\n');
        if (l.gid() != null) u.append("Group=").append(literal(l.gid(), "gid")).append('\n');
    }

    private void environment(StringBuilder u, AppSpec spec) {
        Launch l = spec.launch();
        List<String> jpm = new ArrayList<>();
        jpm.add(SystemdQuoting.quoted("JPM_APP_NAME=" + spec.name(), false));
        jpm.add(SystemdQuoting.quoted("JPM_NAMESPACE=" + spec.namespace(), false));
        jpm.add(withInstance("JPM_INSTANCE"));
        if (!l.instanceVar().equals("JPM_INSTANCE")) jpm.add(withInstance(l.instanceVar()));
        u.append("Environment=").append(String.join(" ", jpm)).append('\n');
        SortedMap<String, String> secrets = secrets();
        l.env().forEach((k, v) -> {
            if (!secrets.containsKey(k)) u.append("Environment=").append(SystemdQuoting.quoted(k + "=" + v, false)).append('\n');
        });
        if (!secrets.isEmpty()) {
            u.append("# ").append(comment(String.join(", ", secrets.keySet())))
                    .append(": secret, in the EnvironmentFile (mode 0600)\n");
            u.append("EnvironmentFile=%E/jpm/").append(UnitNames.environmentFile(spec)).append('\n');
        }
    }

    /** {@code "NAME=%i"}: the name quoted, the specifier left for systemd to fill with the instance. */
    private static String withInstance(String name) {
        String q = SystemdQuoting.quoted(name + "=", false);
        return q.substring(0, q.length() - 1) + "%i\"";
    }

    /** journal, null, or append: a file, one per instance unless merge_logs. */
    private String output(Launch l, String configured, String key) {
        if (configured == null) return "journal";
        if (configured.equals("NULL") || configured.equals("/dev/null")) return "null";
        Path p = Path.of(l.cwd()).resolve(configured).normalize();
        String dir = p.getParent() == null ? "" : p.getParent().toString().equals("/") ? "/" : p.getParent() + "/";
        String file = p.getFileName().toString();
        if (l.mergeLogs()) return "append:" + literal(dir + file, key);
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String ext = dot > 0 ? file.substring(dot) : "";
        String s = literal(dir + stem);
        String e = literal(ext);
        if (s == null || e == null) {
            err(key, key + " cannot be written to a unit: it holds a control character");
            return "journal";
        }
        return "append:" + s + "-%i" + e;
    }

    private String literal(String value) {
        return literal(value, "name");
    }

    private String literal(String value, String key) {
        String l = SystemdQuoting.literal(value);
        if (l == null) {
            err(key, key + " of this app holds a control character, which this part of a unit cannot hold: " + comment(value));
            return "";
        }
        return l;
    }

    /** Text for a comment line: control characters shown escaped, so it stays one line. */
    static String comment(String s) {
        StringBuilder c = new StringBuilder();
        s.chars().forEach(ch -> c.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", ch) : String.valueOf((char) ch)));
        return c.toString();
    }

    private void warn(String path, String message) {
        report.accept(app.origin().at(path, Severity.WARNING, message));
    }

    private void err(String path, String message) {
        report.accept(app.origin().at(path, Severity.ERROR, message));
    }
}
