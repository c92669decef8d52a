package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdUnitTest {
    static final StartupTarget.Account ALICE = new StartupTarget.Account("alice", "staff", Path.of("/home/alice"));

    static SystemdUnit unit(boolean system, List<String> exec, Map<String, String> env) {
        StartupTarget target = new StartupTarget(system, ALICE, system ? StartupTarget.SYSTEM_UNIT_DIR : Path.of("/home/alice/.config/systemd/user"));
        return new SystemdUnit(target, Path.of("/home/alice/.jpm"), exec, env, "file:///opt/jpm/docs/startup.md");
    }

    static final List<String> EXEC = List.of("/opt/jpm/bin/jpm", "--home", "/home/alice/.jpm", "daemon", "--foreground", "--resurrect");

    static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JPM_HOME", "/home/alice/.jpm");
        env.put("PATH", "/home/alice/.nvm/bin:/usr/bin:/bin");
        return env;
    }

    @Test
    void aUserUnitRunsTheDaemonForegroundAndLeavesTheAppsToIt() {
        assertThat(unit(false, EXEC, env()).render()).isEqualTo("""
                # The jpm daemon of user alice, written by `jpm startup`.
                # `jpm startup --install --force` rewrites this file: put local changes in a drop-in (systemctl --user edit jpm.service).
                [Unit]
                Description=jpm process manager (user alice, JPM_HOME /home/alice/.jpm)
                Documentation=file:///opt/jpm/docs/startup.md

                [Service]
                Type=simple
                Environment="JPM_HOME=/home/alice/.jpm"
                Environment="PATH=/home/alice/.nvm/bin:/usr/bin:/bin"
                WorkingDirectory=/home/alice
                ExecStart=/opt/jpm/bin/jpm --home /home/alice/.jpm daemon --foreground --resurrect
                # Apps outlive the daemon: after a crash the next daemon re-adopts them from JPM_HOME/state.json.
                # On stop the daemon gets SIGTERM and stops every app itself, within 30 s.
                KillMode=process
                TimeoutStopSec=45s
                # After SIGTERM the JVM exits with 143: a clean stop.
                SuccessExitStatus=143
                Restart=on-failure
                RestartSec=1s
                # 75: the daemon hands over to a new jpm binary (jpm update), its apps running: start it again.
                RestartForceExitStatus=75

                [Install]
                WantedBy=default.target
                """);
    }

    @Test
    void aSystemUnitNamesTheUserAndGroupAndStartsWithTheNetworkAtBoot() {
        String text = unit(true, EXEC, env()).render();
        assertThat(text).contains("(systemctl edit jpm-alice.service)")
                .contains("\nWants=network-online.target\nAfter=network-online.target\n")
                .contains("\n[Service]\nType=simple\nUser=alice\nGroup=staff\nEnvironment=\"JPM_HOME=/home/alice/.jpm\"\n")
                .endsWith("\n[Install]\nWantedBy=multi-user.target\n")
                .doesNotContain("default.target");
    }

    @Test
    void aUserUnitHasNoUserGroupOrSystemOrdering() {
        assertThat(unit(false, EXEC, env()).render()).doesNotContain("User=").doesNotContain("Group=").doesNotContain("network");
    }

    @Test
    void execWordsAreQuotedOnlyWhenNeededAndDollarsAreDoubledOnlyInArguments() {
        assertThat(SystemdUnit.execLine(List.of("/opt/jpm/bin/jpm", "--home", "/a b/c\"d\\e", "x$y", "50%")))
                .isEqualTo("/opt/jpm/bin/jpm --home \"/a b/c\\\"d\\\\e\" \"x$$y\" \"50%%\"");
        // systemd expands no variables in the program path, only specifiers
        assertThat(SystemdUnit.execLine(List.of("/opt/my $jpm %x/bin/jpm"))).isEqualTo("\"/opt/my $jpm %%x/bin/jpm\"");
        assertThat(SystemdUnit.execLine(List.of("/bin/true", ""))).isEqualTo("/bin/true \"\"");
    }

    @Test
    void specifiersAreEscapedEverywhereButDollarsStayInEnvironment() {
        Map<String, String> env = env();
        env.put("PATH", "/odd $dir/100%/bin:/usr/bin");
        String text = new SystemdUnit(new StartupTarget(false, new StartupTarget.Account("alice", null, Path.of("/home/al%ice")),
                Path.of("/x")), Path.of("/home/al%ice/.jpm"), EXEC, env, null).render();
        assertThat(text).contains("Environment=\"PATH=/odd $dir/100%%/bin:/usr/bin\"\n")
                .contains("WorkingDirectory=/home/al%%ice\n")
                .contains("Description=jpm process manager (user alice, JPM_HOME /home/al%%ice/.jpm)\n")
                .doesNotContain("Documentation=");
    }

    @Test
    void aControlCharacterIsRefusedRatherThanWrittenIntoTheUnit() {
        Map<String, String> env = env();
        env.put("PATH", "/usr/bin\n[Service]\nExecStartPre=/bin/evil");
        assertThatThrownBy(() -> unit(false, EXEC, env).render()).isInstanceOf(CliException.class)
                .hasMessageContaining("control character");
    }
}
