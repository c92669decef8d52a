package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
