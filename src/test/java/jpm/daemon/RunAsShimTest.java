package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jpm.ecosystem.RunAs;
import jpm.ecosystem.SpecException;
import org.junit.jupiter.api.Test;

/** The argv prefix that switches users, and when a daemon refuses to. */
class RunAsShimTest {
    static final String SETPRIV = "/usr/bin/setpriv";
    static final RunAs NOBODY = new RunAs(65534, 65534, new RunAs.Account("nobody", 65534, 65534, "/nonexistent"), true);
    static final RunAs BARE = new RunAs(12345, 12345, null, true);
    static final RunAs ALICE = new RunAs(1000, 1000, new RunAs.Account("alice", 1000, 1000, "/home/alice"), true);

    @Test
    void aRootDaemonExecsThroughSetprivWithTheUsersGroups() {
        assertThat(RunAsShim.prefix(NOBODY, 0, 0, SETPRIV))
                .containsExactly(SETPRIV, "--reuid=65534", "--regid=65534", "--init-groups", "--");
    }

    @Test
    void aUidWithoutPasswdEntryGetsNoSupplementaryGroups() {
        // setpriv's --init-groups needs a passwd entry
        assertThat(RunAsShim.prefix(BARE, 0, 0, SETPRIV)).containsExactly(SETPRIV, "--reuid=12345", "--regid=12345", "--clear-groups", "--");
    }

    @Test
    void noUidOrGidNeedsNothing() {
        assertThat(RunAsShim.prefix(null, 0, 0, SETPRIV)).isEmpty();
        assertThat(RunAsShim.prefix(null, 1000, 1000, null)).isEmpty();
    }

    @Test
    void aDaemonOfAnotherUserRunsAppsAsItselfOnly() {
        assertThat(RunAsShim.prefix(ALICE, 1000, 1000, SETPRIV)).isEmpty();
        assertThatThrownBy(() -> RunAsShim.prefix(NOBODY, 1000, 1000, SETPRIV)).isInstanceOf(SpecException.class)
                .hasMessage("cannot run as nobody (uid 65534, gid 65534): the daemon runs as uid 1000 (gid 1000), not as root,"
                        + " and can run apps only as itself; remove uid/gid, or run the daemon as root");
        RunAs otherGroup = new RunAs(1000, 50, ALICE.account(), true);
        assertThatThrownBy(() -> RunAsShim.prefix(otherGroup, 1000, 1000, SETPRIV)).isInstanceOf(SpecException.class)
                .hasMessageContaining("cannot run as alice (uid 1000, gid 50)");
    }

    @Test
    void withoutSetprivARootDaemonRefuses() {
        assertThatThrownBy(() -> RunAsShim.prefix(NOBODY, 0, 0, null)).isInstanceOf(SpecException.class)
                .hasMessageContaining("needs util-linux setpriv");
    }

    @Test
    void thePrefixGoesBeforeTheWholeArgv() {
        RunAsShim.Plan plan = new RunAsShim.Plan(NOBODY, RunAsShim.prefix(NOBODY, 0, 0, SETPRIV));
        assertThat(plan.wrap(List.of("/bin/sh", "-c", "LISTEN_PID=$$; exec \"$0\" \"$@\"", "/usr/bin/node", "app.js")))
                .containsExactly(SETPRIV, "--reuid=65534", "--regid=65534", "--init-groups", "--",
                        "/bin/sh", "-c", "LISTEN_PID=$$; exec \"$0\" \"$@\"", "/usr/bin/node", "app.js");
        assertThat(RunAsShim.Plan.NONE.wrap(List.of("/bin/true"))).containsExactly("/bin/true");
    }
}
