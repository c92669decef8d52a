package jpm.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSpecTest {
    @Test
    void defaultsFollowPm2() {
        AppSpec s = AppSpec.of("api", "app.js", "/srv");
        assertThat(s.namespace()).isEqualTo("default");
        assertThat(s.instances()).isEqualTo(1);
        assertThat(s.instanceVar()).isEqualTo("NODE_APP_INSTANCE");
        assertThat(s.stopSignal()).isEqualTo("SIGTERM");
        assertThat(s.killTimeoutMs()).isEqualTo(1600);
        assertThat(s.autorestart()).isTrue();
        assertThat(s.maxRestarts()).isEqualTo(16);
        assertThat(s.minUptimeMs()).isEqualTo(1000);
    }

    @Test
    void normalisesSignalNames() {
        assertThat(AppSpec.of("a", "x", "/").withStop("int", 0).stopSignal()).isEqualTo("SIGINT");
        assertThatThrownBy(() -> AppSpec.of("a", "x", "/").withStop("SIGFOO", 0)).hasMessageContaining("stop_signal");
    }

    @Test
    void refusesInvalidValuesWithTheAppNamed() {
        AppSpec s = AppSpec.of("api", "app.js", "/srv");
        assertThatThrownBy(() -> s.withInstances(0)).isInstanceOf(SpecException.class).hasMessageContaining("app 'api': instances");
        assertThatThrownBy(() -> AppSpec.of("api", "app.js", "relative")).hasMessageContaining("cwd must be an absolute path");
        assertThatThrownBy(() -> AppSpec.of("api", " ", "/")).hasMessageContaining("script must not be empty");
        assertThatThrownBy(() -> s.withEnv(Map.of("A=B", "x"))).hasMessageContaining("invalid environment variable name");
        assertThatThrownBy(() -> s.withNamespace("a/b")).hasMessageContaining("namespace 'a/b'");
        assertThatThrownBy(() -> s.withRestartPolicy(true, -1, 0, 0)).hasMessageContaining("max_restarts");
    }

    @Test
    void envIsSortedSoEqualSpecsAreEqual() {
        AppSpec a = AppSpec.of("x", "y", "/").withEnv(Map.of("B", "1", "A", "2"));
        assertThat(a.env().keySet()).containsExactly("A", "B");
        assertThat(a).isEqualTo(AppSpec.of("x", "y", "/").withEnv(Map.of("A", "2", "B", "1")));
    }
}
