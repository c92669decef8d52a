package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class CommandRegistryTest {
    private static List<String> words(Class<?> c) {
        Command a = c.getAnnotation(Command.class);
        List<String> words = new ArrayList<>(List.of(a.name()));
        words.addAll(Arrays.asList(a.aliases()));
        return words;
    }

    @Test
    void everyCommandHasAnAnnotationAndNamesAndAliasesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Class<?> c : CommandRegistry.commands()) {
            assertThat(c.getAnnotation(Command.class)).as(c.getName()).isNotNull();
            for (String w : words(c)) assertThat(seen.add(w)).as("'" + w + "' names one command only").isTrue();
        }
        assertThat(new HashSet<>(CommandRegistry.commands())).hasSameSizeAs(CommandRegistry.commands());
    }

    @Test
    void everyNameAndAliasFindsItsCommand() {
        for (Class<?> c : CommandRegistry.commands()) {
            for (String w : words(c)) assertThat(CommandRegistry.named(w)).as(w).isEqualTo(c);
        }
        assertThat(CommandRegistry.named("start")).isEqualTo(StartCommand.class);
        assertThat(CommandRegistry.named("del")).isEqualTo(TargetCommands.Delete.class);
        assertThat(CommandRegistry.named("status")).isEqualTo(ListCommands.Ls.class);
        assertThat(CommandRegistry.named("send-signal")).isEqualTo(TargetCommands.SendSignal.class);
        assertThat(CommandRegistry.named("dump")).isEqualTo(DumpCommands.Save.class);
        for (String unknown : List.of("", "strt", "START", "help", "--json")) assertThat(CommandRegistry.named(unknown)).as(unknown).isNull();
    }

    @Test
    void theFirstWordComesAfterTheGlobalOptions() {
        record Row(List<String> args, String word) {}
        List<Row> table = List.of(
                new Row(List.of("ls"), "ls"),
                new Row(List.of("stop", "all"), "stop"),
                new Row(List.of("--home", "/h", "describe", "api"), "describe"),
                new Row(List.of("--home=/h", "reload-logs"), "reload-logs"),
                new Row(List.of("--home", "start", "stop"), "stop"),
                new Row(List.of("--home", "/a", "--home=/b", "kill"), "kill"),
                new Row(List.of(), null),
                new Row(List.of("--home", "/h"), null),
                new Row(List.of("--home"), null),
                new Row(List.of("-h"), null),
                new Row(List.of("--version", "ls"), null),
                new Row(List.of("--json", "ls"), null));
        for (Row r : table) {
            assertThat(CommandRegistry.firstWord(r.args().toArray(String[]::new))).as(r.args().toString()).isEqualTo(r.word());
        }
        assertThat(CommandRegistry.forCommandLine(new String[] {"--home", "/h", "show", "api"})).isEqualTo(DescribeCommand.class);
        assertThat(CommandRegistry.forCommandLine(new String[] {"--home", "/h", "nosuch"})).isNull();
        assertThat(CommandRegistry.forCommandLine(new String[] {"-V"})).isNull();
    }
}
