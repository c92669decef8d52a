package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;
import jpm.export.ExportFiles;
import jpm.export.kubernetes.KubernetesExport;
import jpm.export.kubernetes.KubernetesExportException;
import jpm.export.kubernetes.KubernetesOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm export kubernetes FILE}: the file's apps as Kubernetes objects (docs/export.md).
 * Reads the file only. Warnings go to stderr as {@code file:line:col: /pointer: message} and
 * leave the exit code 0; a file that cannot be exported as asked (an app without an image) is a
 * usage error, 2, and nothing is written.
 */
@Command(name = "kubernetes", mixinStandardHelpOptions = true,
        description = "Write the file's apps as Kubernetes objects (Deployments, Jobs, Services, CronJobs, Secrets) in YAML; "
                + "every attribute that does not carry over is a warning at its file:line:col.")
final class ExportKubernetesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "ecosystem file (.yaml, .yml or .json)")
    Path file;

    @Option(names = "--image", paramLabel = "IMAGE", description = "the container image of every app whose x-kubernetes block names none")
    String image;

    @Option(names = "--env", paramLabel = "NAME", description = "merge env_<NAME> over env")
    String envName;

    @Option(names = "--namespace", paramLabel = "NS", description = "the Kubernetes namespace of every object (default: each app's namespace)")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR|-", description = "a directory: one file per app; - (default): stdout")
    String output = "-";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new CliException(ExitCodes.USAGE, "--namespace " + namespace
                    + " is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)");
        }
        Path dir = output.equals("-") ? null : Path.of(output);
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.USAGE, "-o " + dir + " is not a directory: name a directory, or - for stdout");
        }
        LoadResult loaded = FileCommands.load(file, new LoadOptions(envName, false), "nothing was written", err);
        Path absolute = file.toAbsolutePath().normalize();
        String stem = absolute.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        KubernetesExport.Output out;
        try {
            out = KubernetesExport.export(loaded, new KubernetesOptions(image, namespace, stem, absolute.getParent()));
        } catch (KubernetesExportException e) {
            throw new CliException(ExitCodes.USAGE, String.join("\njpm: ", e.problems()) + "\njpm: nothing was written");
        }
        for (Diagnostic d : out.warnings()) err.println(d.render());
        err.flush();
        if (dir == null) {
            spec.commandLine().getOut().print(out.stream());
            spec.commandLine().getOut().flush();
        } else {
            ExportFiles.write(dir.toAbsolutePath(), out.exportFiles());
            err.println("wrote " + out.files().size() + " file" + (out.files().size() == 1 ? "" : "s") + " to " + dir
                    + "; apply them with `kubectl apply -f " + dir + "`");
        }
        return ExitCodes.OK;
    }
}
