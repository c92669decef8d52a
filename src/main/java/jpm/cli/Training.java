package jpm.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training runs of the CLI's two AOT caches (bin/aot-train.sh, run by the build), against a
 * throw-away home, so that the classes a command needs are loaded from a cache on every later
 * start (docs/performance.md):
 * <ul>
 *   <li>jpm.aot: the commands users type most, in one JVM, through {@link Main#dispatch} as
 *       bin/jpm runs them, picocli's classes included (compiled from source for this);
 *   <li>jpm-fast.aot ({@code --fast}): only {@link FastPath}'s ping, ls and jlist. A JVM loads
 *       every class of its cache at start-up, used or not: with the small cache these commands
 *       skip the ~1,500 classes of the others.
 * </ul>
 * Not a user command: it is not registered in {@link CommandRegistry}.
 */
public final class Training {
    private Training() {}

    /** {@code [ECOSYSTEM_FILE]}: the common commands; {@code --fast}: only {@link FastPath}'s. */
    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("jpm-aot-train-");
        PrintStream realOut = System.out;
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(silent);
        System.setErr(silent);
        try {
            String summary = args.length > 0 && args[0].equals("--fast") ? fast(home)
                    : common(home, args.length > 0 ? Path.of(args[0]) : null);
            realOut.println("aot training: " + summary);
        } finally {
            System.setOut(realOut);
            DaemonConnector.deleteTree(home);
        }
    }

    /**
     * The cache of ping, ls and jlist (bin/jpm picks it for them): their fast path and nothing
     * else, so that a start maps only the classes these need (no picocli, no spec or plan).
     */
    private static String fast(Path home) throws IOException {
        String h = home.toString();
        DaemonConnector connector = new DaemonConnector(new jpm.home.JpmHome(home));
        int failed = FastPath.run(new String[] {"--home", h, "ping"}) == ExitCodes.OK ? 0 : 1; // starts the daemon
        long pid = daemonPid(home);
        try {
            for (String[] run : List.of(new String[] {"--home", h, "ping"}, new String[] {"--home", h, "ls"},
                    new String[] {"--home", h, "jlist"}, new String[] {"--home=" + h, "status", "--json"},
                    new String[] {"--home", h, "ping", "--json"})) {
                if (FastPath.run(run) != ExitCodes.OK) failed++;
            }
            // a list that is not empty, as the fast path renders one (the daemon has no app)
            List<jpm.rpc.InstanceInfo> sample = List.of(new jpm.rpc.InstanceInfo(0, "app", "default", 0, 4242L, jpm.rpc.InstanceStatus.ONLINE,
                    1, 0, 61_000L, 1.5, 3_000_000, null, null, null, "/o.log", "/e.log"));
            String text = Render.instances(sample, null, false) + Render.instances(sample, null, true);
            jpm.rpc.WireCodec.decodeResponse(jpm.rpc.WireCodec.encode(new jpm.rpc.Response.Instances(sample)));
            System.out.print(text);
        } finally {
            try (jpm.rpc.RpcClient c = connector.connectExisting()) {
                if (c != null) c.call(new jpm.rpc.Request.Kill());
            }
            DaemonConnector.awaitGone(pid, DaemonConnector.EXIT_TIMEOUT_MS);
        }
        return "the fast path, " + failed + " failed";
    }

    /**
     * The common commands. Their daemon is also the training run of the daemon's AOT cache when
     * bin/aot-train.sh passes {@code -XX:AOTCacheOutput} in $JPM_DAEMON_JAVA_OPTS: the daemon
     * writes it as it exits, which takes seconds, so this waits for that daemon to be gone before
     * the home (and the jar copy the cache is made from) is deleted.
     */
    private static String common(Path home, Path eco) throws IOException {
        String h = home.toString();
        Path apps = home.resolve("train.yaml");
        // fork mode with instances, and a timestamped (piped) log: the daemon's paths users take most
        Files.writeString(apps, """
                apps:
                  - name: train-web
                    script: sleep
                    args: ["60"]
                    instances: 2
                  - name: train-log
                    script: sleep
                    args: ["60"]
                    log_date_format: "YYYY-MM-DD HH:mm:ss"
                """);
        // In the order users meet them; ping, ls and jlist take the fast path once the daemon runs.
        List<String[]> runs = new ArrayList<>(List.of(
                new String[] {"--home", h, "version"},
                new String[] {"--home", h, "ping"}, // no daemon yet: picocli's path starts it
                new String[] {"--home", h, "ls"},
                new String[] {"--home", h, "jlist"},
                new String[] {"--home", h, "start", "--name", "train", "sleep", "--", "60"},
                new String[] {"--home", h, "ls"},
                new String[] {"--home", h, "jlist"},
                new String[] {"--home=" + h, "status", "--json"},
                new String[] {"--home", h, "ping", "--json"},
                new String[] {"--home", h, "ping"},
                new String[] {"--home", h, "describe", "train"},
                new String[] {"--home", h, "restart", "train"},
                new String[] {"--home", h, "stop", "train"},
                new String[] {"--home", h, "apply", apps.toString()},
                new String[] {"--home", h, "apply", apps.toString()},
                new String[] {"--home", h, "ls"},
                new String[] {"--home", h, "logs", "--nostream", "--lines", "5"},
                new String[] {"--home", h, "restart", "train-log"},
                new String[] {"--home", h, "save"},
                new String[] {"--home", h, "delete", "all"},
                new String[] {"--help"}));
        if (eco != null) {
            runs.add(new String[] {"--home", h, "validate", eco.toString()});
            runs.add(new String[] {"--home", h, "diff", eco.toString()});
        }
        int failed = 0;
        long pid = -1;
        try {
            for (String[] run : runs) {
                if (Main.dispatch(run) > 1) failed++; // diff exits 1 when there are changes
                if (pid < 0) pid = daemonPid(home);
            }
        } finally {
            Main.run("--home", h, "kill");
            if (pid > 0) DaemonConnector.awaitGone(pid, 300_000);
        }
        return runs.size() + " command(s), " + failed + " failed";
    }

    /** The pid of the home's daemon, -1 while there is none. */
    private static long daemonPid(Path home) throws IOException {
        try (jpm.rpc.RpcClient c = new DaemonConnector(new jpm.home.JpmHome(home)).connectExisting()) {
            return c == null ? -1 : c.welcome().pid();
        }
    }
}
