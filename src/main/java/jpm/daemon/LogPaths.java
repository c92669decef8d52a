package jpm.daemon;

import java.nio.file.Path;
import jpm.spec.AppName;
import jpm.spec.AppSpec;
import jpm.spec.Launch;

/**
 * Where an instance's output goes. By default {@code logs/<name>-<i>-out.log} (and
 * {@code -error.log}) for the default namespace and {@code logs/<namespace>/<name>-<i>-out.log}
 * otherwise, so the same name in two namespaces never shares a file; names pass through
 * {@link AppName#fileStem}, so no default path leaves the logs dir. An app's {@code out_file} /
 * {@code error_file} (relative ones against its cwd) replace the default; as in PM2, each
 * instance gets {@code -<i>} before the extension unless {@code merge_logs} is set, which makes
 * all instances share one file.
 */
public record LogPaths(Path logsDir) {
    public Path dirFor(String namespace) {
        if (namespace.equals(AppSpec.DEFAULT_NAMESPACE)) return logsDir;
        return logsDir.resolve(AppName.fileStem(namespace));
    }

    public Path out(AppSpec app, int instance) {
        return path(app, instance, app.launch().outFile(), "out");
    }

    public Path err(AppSpec app, int instance) {
        return path(app, instance, app.launch().errorFile(), "error");
    }

    /** The combined file (log_file) that receives both streams as well, or null. */
    public Path combined(AppSpec app, int instance) {
        return app.launch().logFile() == null ? null : path(app, instance, app.launch().logFile(), "combined");
    }

    /**
     * The path with its directories resolved to real ones (a log dir that is a link is fine),
     * so two spellings of one file are one file; the file name itself stays as given and
     * {@code LogFile} refuses it if it is a link.
     */
    public static Path canonical(Path p) throws java.io.IOException {
        Path parent = p.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        return parent.toRealPath().resolve(p.getFileName());
    }

    private Path path(AppSpec app, int instance, String configured, String stream) {
        Launch l = app.launch();
        if (configured == null) {
            String suffix = l.mergeLogs() ? "" : "-" + instance;
            return dirFor(app.namespace()).resolve(AppName.fileStem(app.name()) + suffix + "-" + stream + ".log");
        }
        Path p = Path.of(l.cwd()).resolve(configured).normalize();
        if (l.mergeLogs()) return p;
        String file = p.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String withIndex = dot > 0 ? file.substring(0, dot) + "-" + instance + file.substring(dot) : file + "-" + instance;
        return p.resolveSibling(withIndex);
    }
}
