package jpm.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * Every subcommand of {@link Main}, and which one a command line names. Only {@link Main#run}
 * uses this class: {@link FastPath} and the daemon's own command line never load it, nor the
 * command classes it lists.
 */
final class CommandRegistry {
    private CommandRegistry() {}

    /** Every subcommand, in the order jpm's usage lists them. */
    static List<Class<?>> commands() {
        return List.of(StartCommand.class, TargetCommands.Stop.class, TargetCommands.Restart.class, ReloadCommand.class,
                TargetCommands.Delete.class, ListCommands.Ls.class, ListCommands.Jlist.class, DescribeCommand.class,
                DaemonControlCommands.Ping.class, DaemonControlCommands.Kill.class, DaemonControlCommands.ShowVersion.class,
                DaemonControlCommands.RunDaemon.class, FileCommands.Apply.class, FileCommands.Diff.class,
                FileCommands.Validate.class, FileCommands.Scale.class, ConvertCommand.class, ExportCommand.class, TargetCommands.Reset.class,
                TargetCommands.SendSignal.class, MessageCommands.Send.class, MessageCommands.Trigger.class, DumpCommands.Save.class,
                DumpCommands.Resurrect.class, UpdateCommand.class,
                InitCommand.class, CompletionCommand.class,
                TargetCommands.Flush.class, TargetCommands.ReloadLogs.class, StartupCommand.class,
                StartupCommand.Unstartup.class, LogsCommand.class, EventsCommand.class,
                MetricsCommand.class, RevisionCommands.History.class, RevisionCommands.Rollback.class, SyncCommand.class,
                MonitCommand.class, DashboardCommand.class);
    }

    /** The subcommand class a command line names with its first word after the global options, or null. */
    static Class<?> forCommandLine(String[] args) {
        String word = firstWord(args);
        return word == null ? null : named(word);
    }

    /**
     * The first word after the global options ({@code --home DIR}, {@code --home=DIR}), or null
     * when there is none or another option comes first (-h, -V, or a mistake: picocli then
     * answers with every command known).
     */
    static String firstWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home")) {
                i++; // its value
            } else if (!args[i].startsWith("-")) {
                return args[i];
            } else if (!args[i].startsWith("--home=")) {
                return null;
            }
        }
        return null;
    }

    /** The subcommand class whose name or alias is {@code word}, or null. */
    static Class<?> named(String word) {
        for (Class<?> c : commands()) {
            Command a = c.getAnnotation(Command.class);
            if (a.name().equals(word) || Arrays.asList(a.aliases()).contains(word)) return c;
        }
        return null;
    }
}
