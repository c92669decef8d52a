package jpm.cli;

import picocli.CommandLine.Command;

/**
 * {@code jpm export kubernetes|systemd FILE}: an ecosystem file translated for another engine
 * (docs/export.md). Reads the file only: no daemon is involved.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Translate an ecosystem file into Kubernetes objects or systemd units; every attribute that does not carry over is named.",
        subcommands = {ExportKubernetesCommand.class, ExportSystemdCommand.class})
final class ExportCommand extends CommandFamily {}
