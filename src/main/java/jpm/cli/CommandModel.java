package jpm.cli;

import picocli.CommandLine;

/**
 * The whole command tree, every subcommand added, for what describes all of them at once: the
 * completion scripts ({@link CompletionCommand}) and the man pages (the build's ManPages). A
 * command line that runs one command builds only that one ({@link Main#run}).
 */
final class CommandModel {
    private CommandModel() {}

    /** jpm with every subcommand of {@link CommandRegistry#commands()}. */
    static CommandLine all() {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : CommandRegistry.commands()) cl.addSubcommand(c);
        return cl;
    }
}
