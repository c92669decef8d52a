package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void aStopSignalIsFollowedByContinueUnlessItKillsOrStops() {
        // a SIGSTOPped app can act on SIGTERM/SIGINT/SIGHUP... only once continued (as systemd does)
        for (String s : new String[] {"SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR2"}) {
            assertThat(Signals.followedByContinue(s)).as(s).isTrue();
        }
        for (String s : new String[] {"SIGKILL", "SIGCONT", "SIGSTOP", "SIGTSTP"}) {
            assertThat(Signals.followedByContinue(s)).as(s).isFalse();
        }
    }
}
