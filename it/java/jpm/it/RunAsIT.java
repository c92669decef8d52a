package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.os.ProcFs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** uid/gid: a root daemon runs apps as another user through setpriv; a daemon of another user runs them only as itself. */
class RunAsIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Prints who it is, then stays: the test reads its /proc entries. No file: nobody cannot read the test's 0700 temp dir. */
    static final String WHOAMI = "echo \"id=$(id -u):$(id -g) home=$HOME user=$USER logname=$LOGNAME pid=$$ listen_pid=$LISTEN_PID\";"
            + " echo to-stderr >&2; exec sleep 600";

    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    @BeforeEach
    void onlyAsRoot() throws IOException {
        assumeThat(Files.readString(Path.of("/proc/self/status"))).as("run-as tests need root").containsPattern("(?m)^Uid:\\s+0\\s");
    }

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("eco.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static String app(String name, String extra) {
        return "  - name: " + name + "\n    script: /bin/sh\n    args: ['-c', '" + WHOAMI.replace("'", "''") + "']\n" + extra;
    }

    private Map<String, Object> only() {
        List<Map<String, Object>> list = jpm.jlist();
        assertThat(list).hasSize(1);
        return list.getFirst();
    }

    /** The Uid, Gid and Groups lines of /proc/PID/status, values only. */
    private static List<String> credentials(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:") || line.startsWith("Gid:") || line.startsWith("Groups:")) {
                out.add(line.replaceAll("\\s+", " ").strip());
            }
        }
        return out;
    }

    private void assertRunsAsNobody(long pid, Path out, Path err) throws IOException {
        assertThat(credentials(pid)).containsExactly("Uid: 65534 65534 65534 65534", "Gid: 65534 65534 65534 65534", "Groups: 65534");
        Map<String, String> env = ProcFs.environ(pid);
        assertThat(env).containsEntry("HOME", "/nonexistent").containsEntry("USER", "nobody").containsEntry("LOGNAME", "nobody");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Files.readString(out)).contains("id=65534:65534 home=/nonexistent user=nobody logname=nobody pid=" + pid);
            assertThat(Files.readString(err)).contains("to-stderr");
        });
    }

    @Test
    void anAppWithUidNobodyRunsAsNobodyAndItsOutputReachesTheDaemonsFiles() throws Exception {
        Path eco = write("apps:\n" + app("who", "    uid: nobody\n"));
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Object> i = only();
        assertThat(i.get("status")).isEqualTo("online");
        long pid = (Long) i.get("pid");
        assertRunsAsNobody(pid, Path.of((String) i.get("out_log")), Path.of((String) i.get("err_log")));
        // the files are the daemon's (opened by it, handed over as fds 1 and 2), not nobody's
        assertThat(Files.getOwner(Path.of((String) i.get("out_log"))).getName()).isEqualTo("root");
        assertThat(jpm.jpm("describe", "who").ok().out()).containsPattern("user\\s+nobody \\(uid 65534, gid 65534\\)");
    }

    @Test
    void pipedOutputAlsoWorksForAnotherUser() throws Exception {
        Path eco = write("apps:\n" + app("who", "    user: nobody\n    time: true\n"));
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Object> i = only();
        assertRunsAsNobody((Long) i.get("pid"), Path.of((String) i.get("out_log")), Path.of((String) i.get("err_log")));
    }

    @Test
    void clusterModeKeepsThePidThroughTheShellWrapperAndSetpriv() throws Exception {
        int port = JpmHomeFixture.freePort();
        Path eco = write("apps:\n" + app("who", "    uid: nobody\n    exec_mode: cluster\n    port: " + port + "\n"));
        jpm.jpm("apply", eco.toString()).ok();
        Map<String, Object> i = only();
        long pid = (Long) i.get("pid");
        assertRunsAsNobody(pid, Path.of((String) i.get("out_log")), Path.of((String) i.get("err_log")));
        assertThat(Files.readString(Path.of((String) i.get("out_log")))).contains("listen_pid=" + pid);
    }

    @Test
    void anUnknownUserFailsValidateAndApplyAtItsLineAndStartsNothing() throws Exception {
        Path eco = write("apps:\n" + app("who", "    uid: no-such-user\n"));
        JpmHomeFixture.Result v = jpm.jpm("validate", eco.toString());
        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err()).contains(eco + ":5:10: /apps/0/uid: no such user 'no-such-user'");
        JpmHomeFixture.Result a = jpm.jpm("apply", eco.toString());
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err()).contains(eco + ":5:10: /apps/0/uid: no such user 'no-such-user'").contains("nothing was applied");
        assertThat(jpm.jlist()).isEmpty();
    }

    @Test
    void startWithUid() throws Exception {
        jpm.jpm("start", "--uid", "nobody", "--name", "who", "--", "/bin/sh", "-c", WHOAMI).ok();
        Map<String, Object> i = only();
        assertRunsAsNobody((Long) i.get("pid"), Path.of((String) i.get("out_log")), Path.of((String) i.get("err_log")));

        JpmHomeFixture.Result r = jpm.jpm("start", "--uid", "no-such-user", "--name", "other", "--", "/bin/sleep", "100");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("jpm: app 'other': no such user 'no-such-user'");
        assertThat(jpm.jlist()).hasSize(1);
    }

    @Test
    void aDaemonOfAnotherUserRefusesOtherUidsAndRunsAppsAsItself() throws Exception {
        // the whole CLI, and so its daemon, as nobody: JPM_HOME is created by nobody under the sticky /tmp
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "env", "HOME=/tmp",
                JpmHomeFixture.BIN.toString());
        try {
            List<String> refused = new ArrayList<>(asNobody);
            refused.addAll(List.of("start", "--uid", "root", "--name", "as-root", "--", "/bin/sleep", "100"));
            JpmHomeFixture.Result r = jpm.run(refused, Map.of("JPM_HOME", jpm.home().toString()));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("jpm: app 'as-root': cannot run as root (uid 0, gid 0): the daemon runs as uid 65534"
                    + " (gid 65534), not as root, and can run apps only as itself");

            List<String> self = new ArrayList<>(asNobody);
            self.addAll(List.of("start", "--uid", "nobody", "--name", "as-self", "--", "/bin/sh", "-c", WHOAMI));
            jpm.run(self, Map.of("JPM_HOME", jpm.home().toString())).ok();
            List<String> jlist = new ArrayList<>(asNobody);
            jlist.add("jlist");
            String out = jpm.run(jlist, Map.of("JPM_HOME", jpm.home().toString())).ok().out();
            long pid = Long.parseLong(out.replaceAll("(?s).*\"pid\":([0-9]+).*", "$1"));
            assertThat(credentials(pid)).startsWith("Uid: 65534 65534 65534 65534");
        } finally {
            List<String> kill = new ArrayList<>(asNobody);
            kill.add("kill");
            jpm.run(kill, Map.of("JPM_HOME", jpm.home().toString()));
        }
    }
}
