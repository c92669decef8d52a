package jpm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jpm completion bash|zsh|fish}: prints the shell's completion script ({@link CompletionScripts}). No daemon. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script: bash, zsh or fish. App names and namespaces complete from the running daemon.",
        footer = {"", "bash:  source <(jpm completion bash)   (or write it to ~/.local/share/bash-completion/completions/jpm)",
                "zsh:   source <(jpm completion zsh)",
                "fish:  jpm completion fish > ~/.config/fish/completions/jpm.fish"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine jpm = CommandModel.all();
        String script = switch (shell) {
            case bash -> CompletionScripts.bash(jpm);
            case zsh -> CompletionScripts.zsh(jpm);
            case fish -> CompletionScripts.fish(jpm.getCommandSpec());
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
