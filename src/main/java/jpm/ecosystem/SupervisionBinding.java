package jpm.ecosystem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The supervision attributes of one app (restart, stop, triggers, log rotation, readiness, hooks,
 * health, dependencies) bound to a {@link Supervision}, each mistake reported at its file:line:col.
 * Values the schema already refused are skipped.
 */
final class SupervisionBinding {
    private final Diagnostics diagnostics;
    private final AttributeValues values;

    SupervisionBinding(Diagnostics diagnostics, AttributeValues values) {
        this.diagnostics = diagnostics;
        this.values = values;
    }

    /** The app's supervision, or null when a value is wrong (reported at its line). */
    Supervision bind(CanonicalApp app, Path cwd, String namespace, String name, Set<String> variables) {
        Supervision d = Supervision.DEFAULTS;
        HookCommands programs = new HookCommands(diagnostics, values, System.getenv("PATH"));
        try {
            return Supervision.builder()
                    .autorestart(values.bool(app, "autorestart", d.restart().autorestart()))
                    .maxRestarts((int) values.integer(app, "max_restarts", d.restart().maxRestarts()))
                    .minUptimeMs(values.duration(app, "min_uptime", d.restart().minUptimeMs()))
                    .restartDelayMs(values.duration(app, "restart_delay", d.restart().restartDelayMs()))
                    .expBackoffRestartDelayMs(values.duration(app, "exp_backoff_restart_delay", d.restart().expBackoffRestartDelayMs()))
                    .killTimeoutMs(values.duration(app, "kill_timeout", d.stop().killTimeoutMs()))
                    .stopSignal(values.string(app, "stop_signal"))
                    .stopExitCodes(exitCodes(app))
                    .maxMemoryRestartBytes(memory(app))
                    .cronRestart(cron(app))
                    .watch(watch(app, cwd))
                    .ignoreWatch(values.stringOrList(app, "ignore_watch"))
                    .watchDelayMs(values.duration(app, "watch_delay", d.triggers().watchDelayMs()))
                    .logMaxSizeBytes(values.size(app, "log_max_size"))
                    .logRetain((int) values.integer(app, "log_retain", d.logs().logRetain()))
                    .logCompress(values.bool(app, "log_compress", d.logs().logCompress()))
                    .waitReady(values.bool(app, "wait_ready", d.readiness().waitReady()))
                    .listenTimeoutMs(values.duration(app, "listen_timeout", d.readiness().listenTimeoutMs()))
                    .hooks(programs.bind(app, cwd))
                    .health(new HealthBinding(diagnostics, values, programs).bind(app, cwd, variables))
                    .dependsOn(new DependsOnBinding(diagnostics, values).bind(app, namespace, name))
                    .restartDependents(values.bool(app, "restart_dependents", d.dependencies().restartDependents()))
                    .build();
        } catch (SpecException e) {
            diagnostics.error(app.position(), app.pointer(), e.getMessage());
            return null;
        }
    }

    /** cron_restart as written ({@code 0} may be a number), checked with the field at fault. */
    private String cron(CanonicalApp app) {
        Object v = values.scalar(app, "cron_restart");
        if (v == null) return null;
        String text = AttributeValues.stringify(v);
        try {
            CronSchedule.parse(text);
            return text;
        } catch (SpecException e) {
            values.error(app, "cron_restart", e.getMessage());
            return null;
        }
    }

    private long memory(CanonicalApp app) {
        return values.size(app, "max_memory_restart");
    }

    private List<Integer> exitCodes(CanonicalApp app) {
        DocNode v = values.usable(app, "stop_exit_codes");
        if (v == null) return List.of();
        List<DocNode> items = v instanceof DocNode.ListNode l ? l.items() : List.of(v);
        List<Integer> out = new ArrayList<>();
        for (DocNode item : items) {
            // the schema's maximum does not apply to numeric strings ("300")
            long code = Long.parseLong(AttributeValues.stringify(((DocNode.ScalarNode) item).value()).strip());
            if (code > 255) values.error(app, "stop_exit_codes", "exit codes are 0 to 255, found " + code);
            else out.add((int) code);
        }
        return out;
    }

    private List<String> watch(CanonicalApp app, Path cwd) {
        DocNode v = values.usable(app, "watch");
        if (v == null || cwd == null) return List.of();
        if (v instanceof DocNode.ScalarNode s && s.value() instanceof Boolean b) return b ? List.of(cwd.toString()) : List.of();
        List<String> out = new ArrayList<>();
        for (String path : values.stringOrList(app, "watch")) out.add(cwd.resolve(path).normalize().toString());
        return out;
    }
}
