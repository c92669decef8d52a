package jpm.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.logs.LogFile;
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
 * all instances share one file. {@code /dev/null} or PM2's {@code NULL} discards the stream
 * ({@link LogFile#DISCARD}: never suffixed, never rotated, never emptied).
 *
 * <p>{@code privateDir}: the real path of the logs dir, private to the daemon's user (0700, its
 * owner: checked when the daemon starts). Nobody else can place a link in it or below it, so a
 * file that lies there needs none of {@link PathWalk}'s care: its directory is resolved by the
 * JDK and the app's own spawn opens it ({@link Spawner}). The walk, a dozen downcalls per file
 * that a cold daemon runs interpreted, is kept for the paths an app configures elsewhere
 * (docs/performance.md, "Log files").
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
        if (p.equals(LogFile.DISCARD)) return p;
        Path parent = p.toAbsolutePath().getParent();
        if (inPrivateDir(parent)) {
            Files.createDirectories(parent);
            Path real = parent.toRealPath();
            if (real.startsWith(privateDir)) return real.resolve(p.getFileName());
        }
        return PathWalk.realDir(parent, true, appUid, Passwd.euid()).resolve(p.getFileName());
    }

    /**
     * Whether {@code dir} (absolute) lies in the private logs dir, as written and through the
     * links on its way that exist (a link of the user's own may lead out of it).
     */
    public boolean inPrivateDir(Path dir) throws IOException {
        Path d = dir.normalize();
        if (!d.startsWith(logsDir) && !d.startsWith(privateDir)) return false;
        while (d != null && !Files.exists(d)) d = d.getParent();
        return d != null && d.toRealPath().startsWith(privateDir);
    }

    /** {@link #canonical(Path, long)} for a file of the daemon's own user. */
    public Path canonical(Path p) throws IOException {
        return canonical(p, Passwd.euid());
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
                if (p != null && !p.equals(LogFile.DISCARD)) dirs.putIfAbsent(p.toAbsolutePath().getParent(), p);
            }
        }
        for (Map.Entry<Path, Path> dir : dirs.entrySet()) {
            try {
                if (inPrivateDir(dir.getKey())) continue;
                PathWalk.realDir(dir.getKey(), false, appUid, Passwd.euid());
            } catch (PathWalk.Refused e) {
                throw new SpecException("app '" + app.name() + "': log file " + dir.getValue() + ": " + e.getMessage());
            } catch (IOException e) {
                // reported by the spawn, for the instance
            }
        }
    }

    private Path path(AppSpec app, int instance, String configured, String stream) {
        Launch l = app.launch();
        if (discards(configured)) return LogFile.DISCARD; // one for every instance, as in PM2
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

    /** PM2's ways to throw a stream away: {@code /dev/null}, or the word {@code NULL}. */
    static boolean discards(String configured) {
        return configured != null && (configured.equals("NULL") || configured.equals(LogFile.DISCARD.toString()));
    }
}
