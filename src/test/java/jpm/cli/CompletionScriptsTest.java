package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The completion scripts' decisions and fish's script, on a small command model and on jpm's. */
class CompletionScriptsTest {
    @Test
    void targetArgumentsAreTheOnesThatNameApps() {
        Map<String, Boolean> rows = Map.of("TARGET", true, "APP", true, "TARGET|FILE|SCRIPT", true, "FILE|APP", true,
                "FILE", false, "SIGNAL", false, "NAME", false, "<target>", false, "APPS", false);
        rows.forEach((label, expected) -> assertThat(CompletionScripts.isTarget(label)).as(label).isEqualTo(expected));
    }

    @Test
    void fishQuotesOnlyBackslashAndQuote() {
        Map<String, String> rows = Map.of("plain", "'plain'", "it's", "'it\\'s'", "a\\b", "'a\\\\b'", "$x (y)", "'$x (y)'");
        rows.forEach((in, out) -> assertThat(CompletionScripts.fishQuote(in)).as(in).isEqualTo(out));
    }

    @Test
    void aSummaryIsTheFirstSentenceWithoutMarkup() {
        Map<String[], String> rows = Map.of(
                new String[] {"Stop apps. Then more."}, "Stop apps.",
                new String[] {"see @|bold jpm ls|@ first"}, "see jpm ls first",
                new String[] {"x".repeat(100)}, "x".repeat(77) + "...",
                new String[] {}, "");
        rows.forEach((in, out) -> assertThat(CompletionScripts.summary(in)).isEqualTo(out));
    }

    @Command(name = "tool", subcommands = {Stop.class, Apply.class})
    static final class Tool {
        @Option(names = "--home", description = "home dir")
        String home;
    }

    @Command(name = "stop", aliases = "halt", description = "Stop apps. More text.")
    static final class Stop {
        @Parameters(paramLabel = "TARGET")
        String target;

        @Option(names = {"-w", "--wait"}, description = "wait for it")
        boolean wait;

        @Option(names = "--signal", paramLabel = "SIG", description = "what to send")
        String signal;
    }

    @Command(name = "apply", description = "Apply a file", subcommands = Apply.Now.class)
    static final class Apply {
        @Command(name = "now", aliases = "at-once", description = "Now.")
        static final class Now {}

        @Parameters(paramLabel = "FILE")
        String file;
    }

    @Test
    void fishHasALinePerCommandOptionAndTargetArgument() {
        String fish = CompletionScripts.fish(new CommandLine(new Tool()).getCommandSpec());
        assertThat(fish.lines()).contains(
                "complete -c tool -f",
                "complete -c tool -n __fish_use_subcommand -l home -r -d 'home dir'",
                "complete -c tool -n __fish_use_subcommand -a 'stop' -d 'Stop apps.'",
                "complete -c tool -n __fish_use_subcommand -a 'apply' -d 'Apply a file'",
                "complete -c tool -n '__fish_seen_subcommand_from stop halt' -s w -l wait -d 'wait for it'",
                "complete -c tool -n '__fish_seen_subcommand_from stop halt' -l signal -r -d 'what to send'",
                "complete -c tool -n '__fish_seen_subcommand_from stop halt' -a '(tool __complete-targets 2>/dev/null)'",
                "complete -c tool -n '__fish_seen_subcommand_from apply' -F",
                "complete -c tool -n '__fish_seen_subcommand_from apply' -a 'now' -d 'Now.'");
        assertThat(fish).doesNotContain("-a 'at-once'");
        assertThat(fish).doesNotContain("apply' -a '(tool");
    }

    @Test
    void bashAsksTheDaemonForTargetsAtEachTab() {
        String bash = CompletionScripts.bash(CommandModel.all());
        assertThat(bash).contains("complete -F _complete_jpm")
                .contains("local TARGET_pos_param_args=( $(\"${COMP_WORDS[0]:-jpm}\" __complete-targets 2>/dev/null) )")
                .doesNotContain("@jpm-targets@");
    }

    @Test
    void targetCandidatesAreNamesNamespacesAndAllOnceEach() {
        List<InstanceInfo> instances = List.of(info("web", "default"), info("web", "default"), info("api", "shop"));
        assertThat(CompletionTargets.candidates(instances)).containsExactly("all", "api", "default", "shop", "web");
        assertThat(CompletionTargets.candidates(List.of())).containsExactly("all");
    }

    private static InstanceInfo info(String name, String namespace) {
        return new InstanceInfo(0, name, namespace, 0, 42L, InstanceStatus.ONLINE, 1, 0, 1_000L, 0.0, 0, null, null, null, "/o", "/e");
    }
}
