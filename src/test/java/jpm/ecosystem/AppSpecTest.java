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
        assertThat(d.stop().stopSignal()).isEqualTo("SIGTERM");
        assertThat(d.stop().killTimeoutMs()).isEqualTo(1600);
        assertThat(d.restart().autorestart()).isTrue();
        assertThat(d.restart().maxRestarts()).isEqualTo(16);
        assertThat(d.restart().minUptimeMs()).isEqualTo(1000);
    }

    @Test
    void normalisesSignalNamesAndExecModes() {
        assertThat(Supervision.DEFAULTS.toBuilder().stopSignal("int").killTimeoutMs(0).build().stop()
                .stopSignal()).isEqualTo("SIGINT");
        assertThatThrownBy(() -> Supervision.DEFAULTS.toBuilder().stopSignal("SIGFOO").killTimeoutMs(0)
                .build()).hasMessageContaining("stop_signal");
        Launch l = Launch.of("a", "/");
        assertThat(new Launch("a", null, "/", null, null, null, null, null, "cluster_mode", null, null, null, false, false, null, null, null, null, null, null, null)
                .execMode()).isEqualTo("cluster");
        assertThatThrownBy(() -> new Launch("a", null, "/", null, null, null, null, null, "swarm", null, null, null, false, false, null, null, null, null, null, null, null))
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
        assertThatThrownBy(() -> Supervision.DEFAULTS.toBuilder().autorestart(true).maxRestarts(-1).minUptimeMs(0)
                .restartDelayMs(0).build()).hasMessageContaining("max_restarts");
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

    @Test
    void aBuilderSetsFieldsByNameAndEachPolicyChecksItsOwn() {
        Supervision s = Supervision.builder().maxRestarts(3).stopSignal("int").logRetain(2).waitReady(true).build();
        assertThat(s.restart().maxRestarts()).isEqualTo(3);
        assertThat(s.stop().stopSignal()).isEqualTo("SIGINT");
        assertThat(s.logs().logRetain()).isEqualTo(2);
        assertThat(s.readiness().waitReady()).isTrue();
        // what was not set keeps the default, and a round trip through a builder changes nothing
        assertThat(s.triggers()).isEqualTo(Supervision.DEFAULTS.triggers());
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThatThrownBy(() -> Supervision.builder().watchDelayMs(-1).build()).hasMessageContaining("watch_delay");
        assertThatThrownBy(() -> Supervision.builder().logMaxSizeBytes(100).build()).hasMessageContaining("log_max_size");
        assertThatThrownBy(() -> Supervision.builder().listenTimeoutMs(0).build()).hasMessageContaining("listen_timeout");
        assertThatThrownBy(() -> Supervision.builder().cronRestart("nope").build()).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> new Supervision(null, s.stop(), s.triggers(), s.logs(), s.readiness(), s.hooks(), s.health(), s.dependencies()))
                .isInstanceOf(SpecException.class);
    }
}
