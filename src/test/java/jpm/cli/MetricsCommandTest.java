package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import jpm.home.JpmHome;
import jpm.rpc.DaemonFigures;
import org.junit.jupiter.api.Test;

/** What `jpm metrics --endpoint` prints for each state of the daemon's listener. */
class MetricsCommandTest {
    static final JpmHome HOME = new JpmHome(Path.of("/home/me/.jpm"));

    static DaemonFigures daemon(String url, String problem) {
        return new DaemonFigures(4138, "0.1.0", 1000, 0, 0, 0, 0, 0, url, problem);
    }

    @Test
    void aListenerIsShownWithItsTokenFileAndAScrapeConfig() {
        assertThat(MetricsCommand.endpointLines(daemon("http://127.0.0.1:9615/metrics", null), HOME, false)).containsExactly(
                "url: http://127.0.0.1:9615/metrics",
                "token_file: /home/me/.jpm/metrics.token",
                "",
                "# a scrape config for prometheus.yml (Prometheus must be able to read a copy of the token file)",
                "scrape_configs:",
                "  - job_name: jpm",
                "    authorization:",
                "      credentials_file: /home/me/.jpm/metrics.token",
                "    static_configs:",
                "      - targets: ['127.0.0.1:9615']");
        assertThat(MetricsCommand.endpointLines(daemon("http://[::1]:9615/metrics", null), HOME, true)).containsExactly(
                "{\"url\":\"http://[::1]:9615/metrics\",\"token_file\":\"/home/me/.jpm/metrics.token\"}");
    }

    @Test
    void noListenerIsAnErrorThatSaysHowToGetOne() {
        assertThatThrownBy(() -> MetricsCommand.endpointLines(daemon(null, null), HOME, false)).isInstanceOf(CliException.class)
                .hasMessage("the daemon (pid 4138) has no metrics listener: start it with `jpm daemon --foreground --metrics"
                        + " 127.0.0.1:9615`, or with JPM_METRICS=127.0.0.1:9615 in its environment (docs/metrics.md)")
                .extracting(e -> ((CliException) e).exitCode).isEqualTo(ExitCodes.FAILURE);
        assertThatThrownBy(() -> MetricsCommand.endpointLines(daemon(null, "cannot listen on 127.0.0.1:9615: Address already in use"),
                HOME, true)).isInstanceOf(CliException.class)
                .hasMessage("the daemon's metrics listener did not start: cannot listen on 127.0.0.1:9615: Address already in use"
                        + " (/home/me/.jpm/daemon.log)");
    }
}
