package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StartupTargetTest {
    static final Function<String, Optional<StartupTarget.Account>> ACCOUNTS = name -> switch (name) {
        case "root" -> Optional.of(new StartupTarget.Account("root", "root", Path.of("/root")));
        case "alice" -> Optional.of(new StartupTarget.Account("alice", "staff", Path.of("/home/alice")));
        default -> Optional.empty();
    };

    @Test
    void aUserGetsAUserUnitUnderXdgConfigHome() {
        StartupTarget t = StartupTarget.resolve(1000, "alice", null, Map.of("XDG_CONFIG_HOME", "/cfg"), ACCOUNTS);
        assertThat(t.system()).isFalse();
        assertThat(t.unitFile()).isEqualTo(Path.of("/cfg/systemd/user/jpm.service"));
        assertThat(t.wantedBy()).isEqualTo("default.target");
        assertThat(t.wantsLink()).isEqualTo(Path.of("/cfg/systemd/user/default.target.wants/jpm.service"));
        assertThat(t.systemctl("enable", "jpm.service")).containsExactly("systemctl", "--user", "enable", "jpm.service");
    }

    @Test
    void withoutXdgConfigHomeOrWithARelativeOneTheUnitGoesToDotConfig() {
        Path expected = Path.of("/home/alice/.config/systemd/user/jpm.service");
        assertThat(StartupTarget.resolve(1000, "alice", null, Map.of(), ACCOUNTS).unitFile()).isEqualTo(expected);
        assertThat(StartupTarget.resolve(1000, "alice", null, Map.of("XDG_CONFIG_HOME", "cfg"), ACCOUNTS).unitFile()).isEqualTo(expected);
    }

    @Test
    void aUserMayNameOnlyThemselves() {
        assertThat(StartupTarget.resolve(1000, "alice", "alice", Map.of(), ACCOUNTS).system()).isFalse();
        assertThatThrownBy(() -> StartupTarget.resolve(1000, "alice", "root", Map.of(), ACCOUNTS))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("needs root").hasMessageContaining("sudo jpm startup --user root");
    }

    @Test
    void rootGetsASystemUnitForItselfOrTheUserNamed() {
        StartupTarget self = StartupTarget.resolve(0, "root", null, Map.of("XDG_CONFIG_HOME", "/cfg"), ACCOUNTS);
        assertThat(self.system()).isTrue();
        assertThat(self.unitFile()).isEqualTo(Path.of("/etc/systemd/system/jpm-root.service"));
        StartupTarget alice = StartupTarget.resolve(0, "root", "alice", Map.of(), ACCOUNTS);
        assertThat(alice.unitFile()).isEqualTo(Path.of("/etc/systemd/system/jpm-alice.service"));
        assertThat(alice.account()).isEqualTo(new StartupTarget.Account("alice", "staff", Path.of("/home/alice")));
        assertThat(alice.wantedBy()).isEqualTo("multi-user.target");
        assertThat(alice.wantsLink()).isEqualTo(Path.of("/etc/systemd/system/multi-user.target.wants/jpm-alice.service"));
        assertThat(alice.systemctl("daemon-reload")).isEqualTo(List.of("systemctl", "daemon-reload"));
    }

    @Test
    void anUnknownUserIsAUsageError() {
        assertThatThrownBy(() -> StartupTarget.resolve(0, "root", "bob", Map.of(), ACCOUNTS))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode).isEqualTo(ExitCodes.USAGE))
                .hasMessage("no such user: bob");
    }

    @Test
    void yourselfWithoutAPasswdEntryFallsBackToHome() {
        StartupTarget t = StartupTarget.resolve(12345, "u12345", null, Map.of("HOME", "/work"), ACCOUNTS);
        assertThat(t.account()).isEqualTo(new StartupTarget.Account("u12345", null, Path.of("/work")));
        assertThat(t.unitFile()).isEqualTo(Path.of("/work/.config/systemd/user/jpm.service"));
    }

    @Test
    void aNameThatCannotBeAUnitNameIsRefused() {
        Function<String, Optional<StartupTarget.Account>> odd = n -> Optional.of(new StartupTarget.Account(n, "g", Path.of("/home/x")));
        assertThatThrownBy(() -> StartupTarget.resolve(0, "root", "a@b", Map.of(), odd)).isInstanceOf(CliException.class)
                .hasMessageContaining("cannot name a systemd unit");
    }

    @Test
    void passwdLinesParse() {
        assertThat(StartupTarget.Account.parsePasswd("alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"))
                .contains(new StartupTarget.Account("alice", "1000", Path.of("/home/alice")));
        assertThat(StartupTarget.Account.parsePasswd("broken:x:1")).isEmpty();
        assertThat(StartupTarget.Account.parsePasswd("nohome:x:1:1::relative:/bin/sh")).isEmpty();
    }
}
