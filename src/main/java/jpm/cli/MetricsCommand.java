package jpm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.json.Json;
import jpm.metrics.Exposition;
import jpm.metrics.MetricFamilies;
import jpm.rpc.DaemonFigures;
import jpm.rpc.ErrorCode;
import jpm.rpc.Request;
import jpm.rpc.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jpm metrics}: every instance's metrics and the daemon's own, as Prometheus' text
 * exposition (or OpenMetrics), from one {@code metrics} request; with {@code --endpoint}, where
 * the daemon's listener serves them and the file of its bearer token (docs/metrics.md). The
 * Prometheus client's classes load here only, never on the ping/ls path.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Print the metrics of every instance and of the daemon for Prometheus (docs/metrics.md).")
final class MetricsCommand extends DaemonCommand {
    @Option(names = "--openmetrics", description = "OpenMetrics 1.0 text instead of Prometheus' text format 0.0.4")
    boolean openMetrics;

    @Option(names = "--endpoint", description = "print the URL of the daemon's metrics listener and its token file instead"
            + " (with --json: as a JSON object)")
    boolean endpoint;

    @Override
    public Integer call() throws IOException {
        if (json && !endpoint) {
            throw new CliException(ExitCodes.USAGE, "--json goes with --endpoint: the metrics are text (`jpm jlist` gives JSON)");
        }
        if (openMetrics && endpoint) throw new CliException(ExitCodes.USAGE, "--openmetrics and --endpoint exclude each other");
        Response r = ask(new Request.Metrics());
        if (r instanceof Response.Failure(String code, String message) && code.equals(ErrorCode.BAD_REQUEST)
                && message.contains("type 'metrics'")) {
            throw new CliException(ExitCodes.FAILURE, "the running daemon is older than `jpm metrics`: `jpm update` replaces it"
                    + " without stopping any app");
        }
        Response.Metrics m = (Response.Metrics) ok(r);
        if (endpoint) {
            for (String line : endpointLines(m.daemon(), main().jpmHome(), json)) out().println(line);
        } else {
            out().print(new String(Exposition.text(MetricFamilies.of(m.daemon(), m.instances()), openMetrics), StandardCharsets.UTF_8));
        }
        out().flush();
        return ExitCodes.OK;
    }

    /**
     * What {@code --endpoint} prints: the URL, the token file and a scrape configuration for
     * Prometheus, or one JSON object; a daemon without a listener is an error that says how to get one.
     */
    static List<String> endpointLines(DaemonFigures d, JpmHome home, boolean json) {
        if (d.metricsUrl() == null) {
            throw new CliException(ExitCodes.FAILURE, d.metricsProblem() != null
                    ? "the daemon's metrics listener did not start: " + d.metricsProblem() + " (" + home.daemonLog() + ")"
                    : "the daemon (pid " + d.pid() + ") has no metrics listener: start it with `jpm daemon --foreground --metrics"
                    + " 127.0.0.1:9615`, or with JPM_METRICS=127.0.0.1:9615 in its environment (docs/metrics.md)");
        }
        String tokenFile = home.metricsToken().toString();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", d.metricsUrl());
            m.put("token_file", tokenFile);
            return List.of(Json.write(m));
        }
        String target = d.metricsUrl().substring("http://".length(), d.metricsUrl().length() - "/metrics".length());
        return List.of(
                "url: " + d.metricsUrl(),
                "token_file: " + tokenFile,
                "",
                "# a scrape config for prometheus.yml (Prometheus must be able to read a copy of the token file)",
                "scrape_configs:",
                "  - job_name: jpm",
                "    authorization:",
                "      credentials_file: " + tokenFile,
                "    static_configs:",
                "      - targets: ['" + target + "']");
    }
}
