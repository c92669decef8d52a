package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import jpm.ecosystem.AppOrigin;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.CommandResolver;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;
import jpm.ecosystem.SpecException;
import jpm.export.systemd.ExportedApp;
import jpm.export.systemd.SystemdExport;
import jpm.export.systemd.SystemdOptions;
import jpm.export.systemd.SystemdQuoting;
import jpm.export.ExportFile;
import jpm.export.ExportFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm export systemd FILE [--user] [--env NAME] [-o DIR]}: the file's apps as systemd
 * units (docs/export.md, "systemd"), printed, or written into DIR. Reads the file only.
 */
@Command(name = "systemd", mixinStandardHelpOptions = true,
        description = "Translate an ecosystem file into systemd units: a template unit per app, a target, timers for cron_restart.")
final class ExportSystemdCommand implements Callable<Integer> {
    /** The line before each file when the units are printed. */
    static final String FILE_HEADER = "# file: ";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the ecosystem file (YAML or JSON)")
    Path file;

    @Option(names = "--user", description = "units for a user manager (systemctl --user): no User=, wanted by default.target")
    boolean user;

    @Option(names = "--env", paramLabel = "NAME", description = "merge env_NAME over env, as apply --env does")
    String envName;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "write the files into DIR instead of printing them")
    Path outDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult loaded = FileCommands.load(file, new LoadOptions(envName, false), "nothing was written", err);
        List<Diagnostic> problems = new ArrayList<>();
        List<ExportedApp> apps = new ArrayList<>();
        // the command line jpm would run here: the interpreter by extension, found on PATH, absolute paths
        CommandResolver resolver = new CommandResolver(System.getenv("PATH"));
        for (int i = 0; i < loaded.apps().size(); i++) {
            AppSpec app = loaded.apps().get(i);
            AppOrigin origin = loaded.origins().get(i);
            try {
                apps.add(new ExportedApp(app, origin, resolver.resolve(app)));
            } catch (SpecException e) {
                problems.add(origin.at("script", Diagnostic.Severity.ERROR, e.getMessage()));
            }
        }
        SystemdExport.Result result = SystemdExport.of(apps, new SystemdOptions(user, System.getProperty("user.name"),
                file.toAbsolutePath().toString(), targetName(file)));
        problems.addAll(result.diagnostics());
        problems.forEach(d -> err.println(d.render()));
        if (!user && !"root".equals(System.getProperty("user.name")) && problems.stream().noneMatch(Diagnostic::isError)) {
            err.println("jpm: note: these are system units, whose apps run as " + System.getProperty("user.name")
                    + " unless they name a uid; root installs them (docs/export.md); --user writes units for your own user manager");
        }
        err.flush();
        long errors = problems.stream().filter(Diagnostic::isError).count();
        if (errors > 0) {
            throw new CliException(ExitCodes.USAGE, errors + " problem" + (errors == 1 ? "" : "s") + " in " + file.toAbsolutePath()
                    + "; nothing was written");
        }
        if (outDir == null) {
            print(result.files(), out);
            return ExitCodes.OK;
        }
        try {
            for (Path p : ExportFiles.write(outDir.toAbsolutePath(), result.files())) out.println("wrote " + p);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot write into " + outDir.toAbsolutePath() + ": " + e.getMessage()
                    + "; nothing was written");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Each file after a {@code # file: NAME} line, with a blank line between files. */
    static void print(List<ExportFile> files, PrintWriter out) {
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) out.print('\n');
            out.print(FILE_HEADER + files.get(i).name() + "\n" + files.get(i).text());
        }
        out.flush();
    }

    /** {@code jpm-<file name without its extension>}: ecosystem.yaml gives jpm-ecosystem.target. */
    static String targetName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return "jpm-" + SystemdQuoting.unitNamePart(dot > 0 ? name.substring(0, dot) : name);
    }
}
