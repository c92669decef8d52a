package jpm.home;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The layout of a jpm home directory (JPM_HOME, default {@code ~/.jpm}) and the one place that
 * creates it with private modes, whatever the umask.
 *
 * <pre>
 * JPM_HOME/            0700
 *   daemon.sock        0600  (or a short runtime path, see {@link #socket()})
 *   daemon.lock        held by the running daemon for its whole life
 *   spawn.lock         held by a CLI while it starts a daemon (connect-or-spawn)
 *   daemon.pid, daemon.log, state.json
 *   metrics.token      0600: the bearer token of the daemon's metrics listener, once it had one
 *   logs/              0700: &lt;name&gt;-&lt;instance&gt;-out.log / -error.log
 *   revisions/         0700: &lt;16 hex of SHA-256(file path)&gt;.json, 0600: an ecosystem file's revisions
 *   sync/              0700: sources.json, 0600: the sources jpm sync follows; &lt;name&gt;/: each one's clone
 * </pre>
 */
public record JpmHome(Path dir) {
    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> LOG_MODE = PosixFilePermissions.fromString("rw-r-----");

    /** Unix socket paths are limited to 107 bytes (sun_path); longer ones move to a runtime dir. */
    static final int MAX_SOCKET_PATH = 100;

    public JpmHome {
        dir = dir.toAbsolutePath().normalize();
    }

    /** --home wins, then JPM_HOME, then ~/.jpm. */
    public static JpmHome resolve(String homeOption, Map<String, String> env) {
        if (homeOption != null && !homeOption.isBlank()) return new JpmHome(Path.of(homeOption));
        String fromEnv = env.get("JPM_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) return new JpmHome(Path.of(fromEnv));
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new JpmHome(Path.of(userHome, ".jpm"));
    }

    /**
     * The socket lives in the home unless that path is too long for a Unix socket; then it goes
     * to {@code /tmp/jpm-<user>/<hash of home>.sock} (that dir is 0700 too), so a deep temp
     * home still works instead of failing with a cryptic bind error.
     */
    public Path socket() {
        Path inHome = dir.resolve("daemon.sock");
        if (inHome.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) return inHome;
        return runtimeDir().resolve(hash(dir.toString()) + ".sock");
    }

    /**
     * The sd_notify socket of the daemon (NOTIFY_SOCKET of apps with wait_ready), next to the
     * daemon's socket and moved to the runtime dir for the same reason.
     */
    public Path notifySocket() {
        Path inHome = dir.resolve("notify.sock");
        if (inHome.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) return inHome;
        return runtimeDir().resolve(hash(dir.toString()) + ".notify");
    }

    public Path runtimeDir() {
        return Path.of("/tmp", "jpm-" + System.getProperty("user.name"));
    }

    public Path daemonLock() {
        return dir.resolve("daemon.lock");
    }

    public Path spawnLock() {
        return dir.resolve("spawn.lock");
    }

    public Path pidFile() {
        return dir.resolve("daemon.pid");
    }

    public Path daemonLog() {
        return dir.resolve("daemon.log");
    }

    public Path stateFile() {
        return dir.resolve("state.json");
    }

    /** Private copies of the jar a daemon runs from (see DaemonConnector). */
    public Path libDir() {
        return dir.resolve("lib");
    }

    /** What `jpm save` writes and `jpm resurrect` reads. */
    public Path dumpFile() {
        return dir.resolve("dump.json");
    }

    /** The bearer token of the daemon's metrics listener (docs/metrics.md). */
    public Path metricsToken() {
        return dir.resolve("metrics.token");
    }

    /** The revisions of each applied ecosystem file (0700; a file per ecosystem file, 0600). */
    public Path revisionsDir() {
        return dir.resolve("revisions");
    }

    /** The sources of jpm sync (sources.json) and their clones, one directory each (0700). */
    public Path syncDir() {
        return dir.resolve("sync");
    }

    public Path logsDir() {
        return dir.resolve("logs");
    }

    /**
     * Creates the home and logs dir if needed and forces their modes to 0700: a home created
     * under {@code umask 000} or by hand must not stay world-readable.
     */
    public void prepare() throws IOException {
        ensurePrivateDir(dir);
        ensurePrivateDir(logsDir());
        if (!socket().startsWith(dir)) ensurePrivateDir(runtimeDir());
    }

    public static void ensurePrivateDir(Path d) throws IOException {
        Files.createDirectories(d);
        // A dir someone else made (e.g. /tmp/jpm-<user> created first by another user) is not ours to trust.
        String me = System.getProperty("user.name");
        String owner = Files.getOwner(d).getName();
        if (!owner.equals(me)) {
            throw new IOException(d + " belongs to user " + owner + ", not " + me + ": remove it or choose another JPM_HOME");
        }
        Files.setPosixFilePermissions(d, DIR_MODE);
    }

    /** Creates (if missing) a file and sets its mode explicitly, ignoring the umask. */
    public static void ensureFile(Path f, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.exists(f)) {
            try {
                Files.createFile(f);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it first: fine, we only set the mode below
            }
        }
        Files.setPosixFilePermissions(f, mode);
    }

    /** 16 hex digits of the SHA-256 of {@code s}: a short file name that stands for a path. */
    public static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
