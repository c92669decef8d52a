package jpm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import jpm.rpc.AppDetail;
import jpm.rpc.InstanceDetail;
import jpm.rpc.InstanceInfo;
import jpm.rpc.ProbeResult;
import jpm.rpc.TransitionRecord;

/** What `jpm describe` prints for one app: a two-column table of its definition and instances. Pure. */
final class DescribeText {
    private DescribeText() {}

    /**
     * The table of one app, newline-terminated rows.
     *
     * @param user how the app's uid/gid read on this machine, asked only when the app sets one
     */
    static String of(AppDetail a, Function<Launch, String> user) {
        return of(a, user, null);
    }

    /** @param sync the sync source whose clone holds the app's file, or null when it has none */
    static String of(AppDetail a, Function<Launch, String> user, jpm.rpc.SyncSourceInfo sync) {
        List<List<String>> rows = rows(a, user);
        if (sync != null) rows.add(a.revision() == null ? 2 : 3, List.of("sync", sync(sync)));
        return Render.columns(rows);
    }

    /** "shop: synced at 0123456789ab", or the failed commit and why, beside the commit that runs. */
    static String sync(jpm.rpc.SyncSourceInfo s) {
        String runs = s.commit() == null ? "nothing applied yet" : "runs " + jpm.rpc.GitCommit.shortName(s.commit());
        String line = s.name() + ": " + s.state() + ", " + runs;
        if (s.failedCommit() != null && s.error() != null) {
            line += "; commit " + jpm.rpc.GitCommit.shortName(s.failedCommit()) + " not applied: " + s.error().replace('\n', ' ');
        }
        if (s.problem() != null) line += "; " + s.problem();
        return line;
    }

    private static List<List<String>> rows(AppDetail a, Function<Launch, String> user) {
        Launch l = a.spec().launch();
        Supervision s = a.spec().supervision();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("name", a.spec().name()));
        rows.add(List.of("namespace", a.spec().namespace()));
        if (a.revision() != null) rows.add(List.of("revision", RevisionText.describe(a.revision())));
        rows.add(List.of("script", l.script()));
        rows.add(List.of("command", String.join(" ", a.command())));
        rows.add(List.of("cwd", l.cwd()));
        if (l.uid() != null || l.gid() != null) rows.add(List.of("user", user.apply(l)));
        rows.add(List.of("instances", Integer.toString(a.spec().instances())));
        rows.add(List.of("exec_mode", l.execMode()));
        if (l.stdinMessages()) rows.add(List.of("stdin", "message (jpm send writes each message as a line)"));
        rows.add(List.of("env", l.env().isEmpty() ? "-" : String.join(" ", l.env().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList())));
        rows.add(List.of("instance_var", l.instanceVar()));
        rows.add(List.of("autorestart", Boolean.toString(s.restart().autorestart())));
        rows.add(List.of("max_restarts", Integer.toString(s.restart().maxRestarts())));
        rows.add(List.of("min_uptime", s.restart().minUptimeMs() + " ms"));
        rows.add(List.of("restart_delay", s.restart().restartDelayMs() + " ms"));
        rows.add(List.of("stop_signal", s.stop().stopSignal()));
        rows.add(List.of("kill_timeout", s.stop().killTimeoutMs() + " ms"));
        long memory = s.triggers().maxMemoryRestartBytes();
        if (memory > 0) rows.add(List.of("max_memory_restart", Render.bytes(memory)));
        if (s.triggers().cronRestart() != null) rows.add(List.of("cron_restart", s.triggers().cronRestart()));
        if (s.health().health() != null) rows.add(List.of("health", probe(s.health().health())));
        for (jpm.rpc.DependencyState d : a.dependencies()) {
            rows.add(List.of("depends_on " + d.app(), d.condition() + ": " + d.state()));
        }
        if (s.dependencies().restartDependents()) rows.add(List.of("restart_dependents", "true"));
        for (InstanceInfo i : a.instances()) {
            rows.add(List.of("instance " + i.instance(), "id " + i.id() + ", " + i.status() + ", pid "
                    + (i.pid() == null ? "-" : i.pid()) + ", restarts " + i.restarts()
                    + ", unstable restarts " + i.unstableRestarts()
                    + (i.exitCode() != null ? ", last exit code " + i.exitCode() : "")
                    + (i.exitSignal() != null ? ", last killed by " + i.exitSignal() : "")
                    + (i.health() != null ? ", health " + i.health() : "")
                    + (i.statusReason() != null ? " (" + i.statusReason() + ")" : "")));
            rows.add(List.of("  out log", i.outLog()));
            rows.add(List.of("  error log", i.errLog()));
            for (InstanceDetail detail : a.details()) {
                if (detail.id() != i.id()) continue;
                if (detail.nextRestartAt() != null) rows.add(List.of("  next restart", detail.nextRestartAt()));
                if (detail.statusText() != null) rows.add(List.of("  status text", shown(detail.statusText())));
                if (detail.messagesDropped() > 0) {
                    rows.add(List.of("  messages dropped", detail.messagesDropped() + " (last: " + shown(detail.lastDropReason()) + ")"));
                }
                for (ProbeResult r : detail.probes()) {
                    rows.add(List.of("  probe " + r.at(), (r.passed() ? "passed" : "failed") + " in " + r.latencyMs() + " ms: "
                            + shown(r.message())));
                }
                for (TransitionRecord t : detail.history()) {
                    rows.add(List.of("  " + t.at(), t.from() + " -> " + t.to() + " (" + t.cause() + ")"));
                }
            }
        }
        return rows;
    }

    /** A health probe in one line: {@code http http://127.0.0.1:${PORT}/health, every 10000 ms, timeout 2000 ms, ...}. */
    static String probe(Supervision.HealthCheck h) {
        String what = h.http() != null ? "http " + h.http() : h.tcp() != null ? "tcp " + h.tcp() : "exec " + String.join(" ", h.exec());
        return what + ", every " + h.intervalMs() + " ms, timeout " + h.timeoutMs() + " ms, retries " + h.retries()
                + ", start_period " + h.startPeriodMs() + " ms, on_unhealthy " + h.onUnhealthy();
    }

    /** Text an app chose, its control characters escaped: a terminal must not obey them. */
    private static String shown(String text) {
        return new String(TerminalEscapes.escape(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.nio.charset.StandardCharsets.UTF_8);
    }
}
