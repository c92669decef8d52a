package jpm.ecosystem;

/**
 * PM2's {@code ~} in {@code cwd}, {@code out_file}, {@code error_file} and {@code log_file}: a
 * leading {@code ~} is replaced by the home directory of the user who loads the file (PM2's
 * {@code os.homedir()} in its CLI), whatever follows it. So {@code ~/logs} is {@code $HOME/logs},
 * and {@code ~alice/logs} is {@code $HOME/alice/logs}, not alice's home as in a shell: the loader
 * warns about that form. Pure but for {@link #ofCurrentUser}.
 */
final class HomePaths {
    private HomePaths() {}

    /** The home of the user running this process: $HOME, else Java's user.home (from the passwd entry). */
    static String ofCurrentUser() {
        String home = System.getenv("HOME");
        return home != null && home.startsWith("/") ? home : System.getProperty("user.home");
    }

    /** The path with a leading {@code ~} replaced as PM2 replaces it; other paths unchanged. */
    static String expand(String path, String home) {
        if (path == null || !path.startsWith("~")) return path;
        String rest = path.substring(1);
        while (rest.startsWith("/")) rest = rest.substring(1);
        String base = home.endsWith("/") && home.length() > 1 ? home.substring(0, home.length() - 1) : home;
        if (rest.isEmpty()) return base;
        return base.equals("/") ? "/" + rest : base + "/" + rest;
    }

    /** Whether a shell would read the path differently ({@code ~name}: the home of user name). */
    static boolean namesAUser(String path) {
        return path != null && path.length() > 1 && path.startsWith("~") && path.charAt(1) != '/';
    }
}
