package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import org.junit.jupiter.api.Test;

/** The Node adapter's requests for a shared port, as the daemon reads them off the IPC channel. */
class SharedListensTest {
    @Test
    void aListenRequestIsReadAndEverythingElseIsNot() {
        assertThat(SharedListens.parse("{\"jpm\":\"listen\",\"id\":3,\"address\":\"127.0.0.1\",\"port\":3000}"))
                .isEqualTo(new SharedListens.Request(3, "127.0.0.1", 3000));
        assertThat(SharedListens.parse("{\"jpm\":\"listen\",\"id\":1,\"address\":null,\"port\":8080}"))
                .as("no host: Node's default").isEqualTo(new SharedListens.Request(1, null, 8080));
        assertThat(SharedListens.parse("\"ready\"")).isNull();
        assertThat(SharedListens.parse("{\"jpm\":\"listening\"}")).isNull();
        assertThat(SharedListens.parse("{\"cmd\":\"NODE_HANDLE_ACK\"}")).isNull();
        assertThat(SharedListens.parse("{\"jpm\":\"listen\",\"port\":3000}")).as("no id to answer").isNull();
        assertThat(SharedListens.parse("{\"jpm\":\"listen\",\"id\":1,\"port\":\"3000\"}")).as("a port that is no number").isNull();
        assertThat(SharedListens.parse("{\"jpm\":\"listen\", broken")).isNull();
        assertThat(SharedListens.parse("\"listen\"")).isNull();
    }

    @Test
    void aFailedBindIsTheErrorNodeWouldRaise() {
        assertThat(SharedListens.errorCode("cannot listen on 0.0.0.0:80: Address already in use")).isEqualTo("EADDRINUSE");
        assertThat(SharedListens.errorCode("cannot listen on 0.0.0.0:80: Permission denied")).isEqualTo("EACCES");
        assertThat(SharedListens.errorCode("cannot listen on 10.9.9.9:80: Cannot assign requested address")).isEqualTo("EADDRNOTAVAIL");
        assertThat(SharedListens.errorCode("something else")).isEqualTo("EINVAL");
    }

    @Test
    void anAppOfAnotherUserGetsOnlyThePortsTheKernelWouldGiveIt() {
        // port, app runs as root, kernel's first unprivileged port -> may the daemon bind it for the app
        Object[][] table = {
                {80, true, 1024, true},
                {80, false, 1024, false},
                {1023, false, 1024, false},
                {1024, false, 1024, true},
                {3000, false, 1024, true},
                {80, false, 0, true}, // net.ipv4.ip_unprivileged_port_start=0: every port is open to all
        };
        for (Object[] row : table) {
            assertThat(SharedListens.mayBind((int) row[0], (boolean) row[1], (int) row[2])).as(Arrays.toString(row))
                    .isEqualTo(row[3]);
        }
        assertThat(SharedListens.errorCode("port 80 is privileged ...: Permission denied")).isEqualTo("EACCES");
    }

    @Test
    void onlyAnAppWithoutUidOrWithUidZeroOrRootRunsAsRoot() {
        assertThat(ClusterSockets.runsAsRoot(spec(null))).isTrue();
        assertThat(ClusterSockets.runsAsRoot(spec("0"))).isTrue();
        assertThat(ClusterSockets.runsAsRoot(spec("root"))).isTrue();
        assertThat(ClusterSockets.runsAsRoot(spec("nobody"))).isFalse();
        assertThat(ClusterSockets.runsAsRoot(spec("65534"))).isFalse();
    }

    private static AppSpec spec(String uid) {
        return AppSpec.of("web", "server.js", "/srv").withLaunch(Launch.of("server.js", "/srv").withRunAs(uid, uid == null ? null : "0"));
    }
}
