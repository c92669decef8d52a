package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's own command line, which starts it without picocli, and every other form, which does not. */
class DaemonCommandLineTest {
    @Test
    void theLineDaemonConnectorWritesIsRecognized() {
        assertThat(Main.daemonCommandHome(new String[] {"--home", "/h/.jpm", "daemon", "--foreground"}).dir())
                .isEqualTo(Path.of("/h/.jpm"));
        assertThat(Main.daemonCommandHome(new String[] {"--home", "/h/.jpm", "daemon", "--foreground", "--resurrect"}).dir())
                .isEqualTo(Path.of("/h/.jpm"));
    }

    @Test
    void theMetricsAddressIsPartOfTheLine() {
        record Row(List<String> args, boolean resurrect, String metrics) {}
        for (Row row : List.of(
                new Row(List.of("--home", "/h", "daemon", "--foreground"), false, null),
                new Row(List.of("--home", "/h", "daemon", "--foreground", "--resurrect"), true, null),
                new Row(List.of("--home", "/h", "daemon", "--foreground", "--metrics", "127.0.0.1:9615"), false, "127.0.0.1:9615"),
                new Row(List.of("--home", "/h", "daemon", "--foreground", "--resurrect", "--metrics", "[::1]:0"), true, "[::1]:0"))) {
            Main.DaemonLine line = Main.daemonCommandLine(row.args().toArray(String[]::new));
            assertThat(line).as("%s", row.args()).isEqualTo(new Main.DaemonLine(new jpm.home.JpmHome(Path.of("/h")), row.resurrect(), row.metrics()));
        }
        for (List<String> other : List.of(
                List.of("--home", "/h", "daemon", "--foreground", "--metrics"),
                List.of("--home", "/h", "daemon", "--foreground", "--metrics", "--resurrect"),
                List.of("--home", "/h", "daemon", "--foreground", "--metrics", "9615", "--resurrect"),
                List.of("--home", "/h", "daemon", "--foreground", "--metrics", "9615", "--print-command"))) {
            assertThat(Main.daemonCommandLine(other.toArray(String[]::new))).as("%s", other).isNull();
        }
    }

    @Test
    void anyOtherFormGoesToPicocli() {
        for (String[] args : new String[][] {
                {"daemon", "--foreground"},
                {"--home", "/h", "daemon"},
                {"--home", "/h", "daemon", "--help"},
                {"--home", "/h", "daemon", "--foreground", "--print-command"},
                {"--home", "/h", "daemon", "--foreground", "--resurrect", "--print-command"},
                {"--home", "/h", "daemon", "--resurrect", "--foreground"},
                {"--home", "--foreground", "daemon", "--foreground"},
                {"--home", " ", "daemon", "--foreground"},
                {"--home", "/h", "ping", "--foreground"},
                {"--home=/h", "daemon", "--foreground"}}) {
            assertThat(Main.daemonCommandHome(args)).as(String.join(" ", args)).isNull();
        }
    }
}
