package jpm.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --interval and --path of jpm sync add. */
class SourceSettingsTest {
    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"1s, 1000", "30s, 30000", "1m, 60000", "2h, 7200000", "1500ms, 1500", "90, 90000", " 5M , 300000", "24h, 86400000"})
    void intervals(String text, long ms) {
        assertThat(SourceSettings.interval(text)).isEqualTo(Duration.ofMillis(ms));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "1x", "1.5m", "s"})
    void notADuration(String text) {
        assertThatThrownBy(() -> SourceSettings.interval(text)).hasMessageContaining("like 30s, 1m or 1h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-1s", "999ms", "25h", "2d"})
    void outOfRange(String text) {
        assertThatThrownBy(() -> SourceSettings.interval(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"eco.yaml, eco.yaml", "./deploy//eco.yaml, deploy/eco.yaml", "a/./b.yml, a/b.yml", "deploy/, deploy"})
    void pathsAreNormalized(String path, String expected) {
        assertThat(SourceSettings.path(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../eco.yaml", "a/../../eco.yaml", "a/..", ".", "./", " "})
    void pathsThatLeaveTheCloneOrNameNothingAreRefused(String path) {
        assertThatThrownBy(() -> SourceSettings.path(path)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--path");
    }
}
