package jpm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command that only groups subcommands ({@code jpm sync}, {@code jpm export}): alone, it prints its usage and exits 2. */
abstract class CommandFamily implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
