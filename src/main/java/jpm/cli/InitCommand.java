package jpm.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpm init [FILE]}: writes a commented starter ecosystem file ({@link StarterFile}). No daemon. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented starter ecosystem file (default ecosystem.yaml) whose first line points editors at jpm's schema.")
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "ecosystem.yaml",
            description = "the file to write (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = "--force", description = "write over an existing file")
    boolean force;

    @Option(names = "--schema", paramLabel = "PATH|URL",
            description = "where the schema line points (default: the schema shipped with this jpm, else its $id URL)")
    String schema;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String where = schema != null ? schema : StarterFile.shippedSchema(System.getProperty("java.class.path"));
        String text = StarterFile.text(where, file.getFileName().toString());
        try {
            if (force) {
                Files.writeString(file, text);
            } else {
                Files.writeString(file, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCodes.USAGE, file + " exists; jpm init leaves it as it is (--force writes over it)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + file + ": one app (web), its schema " + where
                + "; check it with `jpm validate " + file + "`, run it with `jpm apply " + file + "`");
        return ExitCodes.OK;
    }
}
