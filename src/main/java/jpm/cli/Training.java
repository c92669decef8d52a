package jpm.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the CLI's AOT cache (bin/aot-train.sh, run by the build): the commands
 * users type most, in one JVM, through {@link Main#dispatch} as bin/jpm runs them (so ping, ls
 * and jlist through {@link FastPath}), against a throw-away home, so that their classes (and
 * picocli's, compiled from source for this) are loaded from the cache on every later start
 * (docs/performance.md). Not a user command: it is not registered in {@link Main}.
 */
public final class Training {
    private Training() {}

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("jpm-aot-train-");
        Path eco = args.length > 0 ? Path.of(args[0]) : null;
        PrintStream realOut = System.out;
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(silent);
        System.setErr(silent);
        String h = home.toString();
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
                new String[] {"--home", h, "delete", "all"},
                new String[] {"--help"}));
        if (eco != null) {
            runs.add(new String[] {"--home", h, "validate", eco.toString()});
            runs.add(new String[] {"--home", h, "diff", eco.toString()});
        }
        int failed = 0;
        try {
            for (String[] run : runs) {
                if (Main.dispatch(run) > 1) failed++; // diff exits 1 when there are changes
            }
        } finally {
            Main.run("--home", h, "kill");
            System.setOut(realOut);
            deleteTree(home);
        }
        realOut.println("aot training: " + runs.size() + " command(s), " + failed + " failed");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
