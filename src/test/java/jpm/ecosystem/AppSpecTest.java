package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSpecTest {
    @Test
    void defaultsFollowPm2() {
        AppSpec s = AppSpec.of("api", "app.js", "/srv");
        assertThat(s.namespace()).isEqualTo("default");
        assertThat(s.instances()).isEqualTo(1);
        assertThat(s.launch().instanceVar()).isEqualTo("NODE_APP_INSTANCE");
        assertThat(s.launch().execMode()).isEqualTo("fork");
        Supervision d = s.supervision();
        assertThat(d.stopSignal()).isEqualTo("SIGTERM");
        assertThat(d.killTimeoutMs()).isEqualTo(1600);
        assertThat(d.autorestart()).isTrue();
        assertThat(d.maxRestarts()).isEqualTo(16);
        assertThat(d.minUptimeMs()).isEqualTo(1000);
    }

    @Test
    void normalisesSignalNamesAndExecModes() {
        assertThat(Supervision.DEFAULTS.withStop("int", 0).stopSignal()).isEqualTo("SIGINT");
        assertThatThrownBy(() -> Supervision.DEFAULTS.withStop("SIGFOO", 0)).hasMessageContaining("stop_signal");
        Launch l = Launch.of("a", "/");
        assertThat(new Launch("a", null, "/", null, null, null, null, null, "cluster_mode", null, null, null, false, false, null, null, null, null, null, null)
                .execMode()).isEqualTo("cluster");
        assertThatThrownBy(() -> new Launch("a", null, "/", null, null, null, null, null, "swarm", null, null, null, false, false, null, null, null, null, null, null))
                .hasMessageContaining("exec_mode");
        assertThat(l.execMode()).isEqualTo("fork");
    }

    @Test
    void refusesInvalidValues() {
        AppSpec s = AppSpec.of("api", "app.js", "/srv");
        assertThatThrownBy(() -> s.withInstances(0)).isInstanceOf(SpecException.class).hasMessageContaining("app 'api': instances");
        assertThatThrownBy(() -> AppSpec.of("api", "app.js", "relative")).hasMessageContaining("cwd must be an absolute path");
        assertThatThrownBy(() -> AppSpec.of("api", " ", "/")).hasMessageContaining("script must not be empty");
        assertThatThrownBy(() -> s.launch().withEnv(Map.of("A=B", "x"))).hasMessageContaining("invalid environment variable name");
        assertThatThrownBy(() -> s.withNamespace("a/b")).hasMessageContaining("namespace 'a/b'");
        assertThatThrownBy(() -> Supervision.DEFAULTS.withRestartPolicy(true, -1, 0, 0)).hasMessageContaining("max_restarts");
    }

    @Test
    void envIsSortedSoEqualLaunchesAreEqualAndHashAlike() {
        Launch a = Launch.of("y", "/").withEnv(Map.of("B", "1", "A", "2"));
        Launch b = Launch.of("y", "/").withEnv(Map.of("A", "2", "B", "1"));
        assertThat(a.env().keySet()).containsExactly("A", "B");
        assertThat(a).isEqualTo(b);
        assertThat(a.hash()).isEqualTo(b.hash()).hasSize(24);
    }

    @Test
    void theHashChangesWithEveryLaunchFieldAndCannotBeFooledByBoundaries() {
        Launch base = Launch.of("app.js", "/srv");
        List<Launch> variants = List.of(
                base.withArgs(List.of("a")), base.withArgs(List.of("a", "b")), base.withArgs(List.of("a\u0000b")),
                base.withEnv(Map.of("A", "1")), base.withEnv(Map.of("A", "2")), base.withInstanceVar("X"),
                base.withInterpreter("node", List.of()), base.withInterpreter("node", List.of("--inspect")),
                Launch.of("app2.js", "/srv"), Launch.of("app.js", "/srv2"));
        assertThat(variants.stream().map(Launch::hash).distinct()).hasSize(variants.size()).doesNotContain(base.hash());
    }

    @Test
    void aLaunchRefusesAnUnsupportedLogDateFormatWhereverItIsMade() {
        assertThatThrownBy(() -> Launch.of("a", "/").withLogs(null, null, null, false, true, "HH:mm X", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("'X' is not supported");
        assertThat(Launch.of("a", "/").withLogs(null, null, null, false, true, "DD/MM HH:mm", null).logDateFormat()).isEqualTo("DD/MM HH:mm");
    }
}
