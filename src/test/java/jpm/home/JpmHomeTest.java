package jpm.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JpmHomeTest {
    @Test
    void optionBeatsEnvironmentBeatsUserHome() {
        assertThat(JpmHome.resolve("/opt/a", Map.of("JPM_HOME", "/opt/b")).dir()).isEqualTo(Path.of("/opt/a"));
        assertThat(JpmHome.resolve(null, Map.of("JPM_HOME", "/opt/b")).dir()).isEqualTo(Path.of("/opt/b"));
        assertThat(JpmHome.resolve(null, Map.of("HOME", "/home/u")).dir()).isEqualTo(Path.of("/home/u/.jpm"));
    }

    @Test
    void socketStaysInTheHomeUnlessThePathIsTooLongForAUnixSocket() {
        JpmHome shortHome = new JpmHome(Path.of("/tmp/h"));
        assertThat(shortHome.socket()).isEqualTo(Path.of("/tmp/h/daemon.sock"));
        JpmHome deep = new JpmHome(Path.of("/tmp/" + "d".repeat(120)));
        Path s = deep.socket();
        assertThat(s.toString().length()).isLessThanOrEqualTo(JpmHome.MAX_SOCKET_PATH);
        assertThat(s.getParent()).isEqualTo(deep.runtimeDir());
        assertThat(new JpmHome(Path.of("/tmp/" + "e".repeat(120))).socket()).as("one socket per home").isNotEqualTo(s);
    }
}
