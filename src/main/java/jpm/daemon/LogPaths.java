package jpm.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.os.Passwd;
import jpm.os.PathWalk;
import jpm.os.SymlinkRule;
import jpm.ecosystem.AppName;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.SpecException;

/**
 * Where an instance's output goes. By default {@code logs/<name>-<i>-out.log} (and
 * {@code -error.log}) for the default namespace and {@code logs/<namespace>/<name>-<i>-out.log}
 * otherwise, so the same name in two namespaces never shares a file; names pass through
 * {@link AppName#fileStem}, so no default path leaves the logs dir. An app's {@code out_file} /
 * {@code error_file} (relative ones against its cwd) replace the default; as in PM2, each
 * instance gets {@code -<i>} before the extension unless {@code merge_logs} is set, which makes
 * all instances share one file.
 *
 * <p>{@code privateDir}: the real path of the logs dir (the home's, private to the daemon's user
 * and checked when the daemon starts): the walks of {@link PathWalk} start there for the files
 * below it instead of at /.
 */
public record LogPaths(Path logsDir, Path privateDir) {
    /** The log paths of a home whose logs dir exists ({@link JpmHome#prepare}). */
    public static LogPaths of(JpmHome home) throws IOException {
        return new LogPaths(home.logsDir(), home.logsDir().toRealPath());
    }

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
     * The path with its directories resolved to real ones, created where missing (a log dir
     * that is a link is fine, unless {@link SymlinkRule} refuses the link), so two spellings of
     * one file are one file; the file name itself stays as given and is refused if it is a link
     * when opened. {@code appUid}: the user the app runs as, whose links are trusted.
     */
    public Path canonical(Path p, long appUid) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        return PathWalk.realDir(privateDir, parent, true, appUid, Passwd.euid()).resolve(p.getFileName());
    }

    /** {@link #canonical(Path, long)} for a file of the daemon's own user. */
    public Path canonical(Path p) throws IOException {
        return canonical(p, Passwd.euid());
    }

    /** Opens a log file for appending, as {@link PathWalk#openAppend} does: a descriptor to hand to the app. */
    public int openAppend(Path p, long appUid) throws IOException {
        return PathWalk.openAppend(privateDir, p, appUid, Passwd.euid());
    }

    /**
     * Refuses an app whose log files (out, error, combined; every instance's) lie behind a
     * symbolic link that {@link SymlinkRule} does not follow: checked when the app is started or
     * applied, before anything changes. Creates nothing. Other problems (a missing permission)
     * are left to the spawn, which reports them for the instance.
     *
     * @throws SpecException naming the app and the link
     */
    public void checkLinks(AppSpec app, long appUid) {
        Map<Path, Path> dirs = new LinkedHashMap<>(); // each directory once, with a file in it for the message
        for (int i = 0; i < app.instances(); i++) {
            for (Path p : new Path[] {out(app, i), err(app, i), combined(app, i)}) {
                if (p != null) dirs.putIfAbsent(p.toAbsolutePath().getParent(), p);
            }
        }
        for (Map.Entry<Path, Path> dir : dirs.entrySet()) {
            try {
                PathWalk.realDir(privateDir, dir.getKey(), false, appUid, Passwd.euid());
            } catch (PathWalk.Refused e) {
                throw new SpecException("app '" + app.name() + "': log file " + dir.getValue() + ": " + e.getMessage());
            } catch (IOException e) {
                // reported by the spawn, for the instance
            }
        }
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
