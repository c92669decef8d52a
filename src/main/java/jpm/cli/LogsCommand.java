package jpm.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import jpm.logs.LogFollower;
import jpm.os.Fds;
import jpm.rpc.AppDetail;
import jpm.rpc.ErrorCode;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm logs}: the last lines of each log file of the target, then every new line as it is
 * written, across rotations (docs/logs.md). The files are read directly (the daemon only says
 * which): one thread polls every file each {@link #POLL_MS} ms, and a second one asks the daemon
 * again every {@link #REFRESH_MS} ms for files of instances that appeared since (scale, start).
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the last lines of apps' log files, then follow them across rotations (Ctrl-C to stop).")
final class LogsCommand extends DaemonCommand {
    /** Between two looks at every file when nothing was waiting: a new line shows within this (plus the write). */
    static final long POLL_MS = 150;
    /** Between two questions to the daemon about which files to follow. */
    static final long REFRESH_MS = 5000;
    static final String DEFAULT_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss";

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET",
            description = "app name, namespace/name, namespace, instance id, ecosystem file, or all (default)")
    String target;

    @Option(names = "--lines", paramLabel = "N", description = "how many of each file's last lines to print first (default: 15)")
    int lines = 15;

    @Option(names = "--nostream", description = "print the last lines and exit, do not follow")
    boolean nostream;

    @Option(names = {"-f", "--follow"}, description = "follow the files (the default; contradicts --nostream)")
    boolean follow;

    @Option(names = "--out", description = "only stdout files")
    boolean outOnly;

    @Option(names = "--err", description = "only stderr files")
    boolean errOnly;

    @Option(names = "--raw", description = "the lines' exact bytes: no name|instance prefix, no colors, no escaping on a terminal")
    boolean raw;

    @Option(names = "--timestamp", arity = "0..1", fallbackValue = DEFAULT_TIMESTAMP, paramLabel = "PATTERN",
            description = "put the time each line is printed before it (java.time pattern, default: " + DEFAULT_TIMESTAMP
                    + "; a pattern of letters only must be attached: --timestamp=HHmmss)")
    String timestamp;

    private boolean targetWasTimestampWord;

    @Override
    public Integer call() throws IOException {
        timestampWordIsTheTarget();
        if (lines < 0) throw new CliException(ExitCodes.USAGE, "--lines must be >= 0, got " + lines);
        if (nostream && follow) throw new CliException(ExitCodes.USAGE, "--nostream and --follow contradict each other");
        DateTimeFormatter stamp = timestampFormat(timestamp);
        boolean wantOut = outOnly || !errOnly;
        boolean wantErr = errOnly || !outOnly;
        boolean terminal = Fds.isTerminal(1);
        LogFormat format = new LogFormat(LogFormat.colorsWanted(System.getenv(), terminal, raw, json),
                LogFormat.escapeWanted(terminal, raw, json), raw, json, stamp);
        String what = target == null ? "all" : target;
        List<String> fileApps = FileCommands.isEcosystemFile(what) ? FileCommands.targetsOf(what, err()) : null;

        List<AppDetail> apps;
        try (RpcClient c = new DaemonConnector(main().jpmHome()).connectOrSpawn()) {
            apps = describe(c, what, fileApps);
        } catch (CliException e) {
            if (!targetWasTimestampWord) throw e;
            throw new CliException(e.exitCode, e.getMessage() + "; for a --timestamp pattern of letters only write --timestamp=" + what);
        }
        Tailer tailer = new Tailer(format, lines, new Output(new FileOutputStream(FileDescriptor.out)), err());
        tailer.update(LogFormat.sources(apps, wantOut, wantErr));
        if (tailer.isEmpty()) {
            err().println("jpm: no log files for '" + what + "'" + (nostream ? "" : " yet; waiting for some (Ctrl-C to stop)"));
            err().flush();
        }
        if (nostream) {
            while (tailer.pollAll()) {
                // a file larger than one poll's read: go on to its end
            }
            tailer.finishAll();
            return ExitCodes.OK;
        }

        LinkedBlockingQueue<List<AppDetail>> updates = new LinkedBlockingQueue<>();
        Thread refresher = new Thread(() -> refresh(what, fileApps, updates), "jpm-logs-refresh");
        refresher.setDaemon(true);
        refresher.start();
        try {
            while (!tailer.output.broken) {
                List<AppDetail> latest = null;
                for (List<AppDetail> u; (u = updates.poll()) != null; ) latest = u;
                if (latest != null) tailer.update(LogFormat.sources(latest, wantOut, wantErr));
                if (!tailer.pollAll()) {
                    if (Fds.outputClosed(1)) break; // nobody reads: end now, not at the next line (maybe never)
                    Thread.sleep(POLL_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK; // stdout was closed (`jpm logs | head`): nothing more to do
    }

    /**
     * {@code --timestamp web}: picocli took the next word as the pattern. A separate word made only
     * of letters is the TARGET (an app name), not a pattern; {@code --timestamp=HHmmss} always is one.
     */
    private void timestampWordIsTheTarget() {
        if (timestamp == null || timestamp.equals(DEFAULT_TIMESTAMP) || !timestamp.chars().allMatch(Character::isLetter)) return;
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int at = args.indexOf("--timestamp");
        if (at < 0 || at + 1 >= args.size() || !args.get(at + 1).equals(timestamp)) return; // attached: --timestamp=...
        if (target != null) {
            throw new CliException(ExitCodes.USAGE, "two targets ('" + timestamp + "' and '" + target
                    + "'); for a pattern of letters only write --timestamp=" + timestamp);
        }
        target = timestamp;
        targetWasTimestampWord = true;
        timestamp = DEFAULT_TIMESTAMP;
    }

    static DateTimeFormatter timestampFormat(String pattern) {
        if (pattern == null) return null;
        try {
            DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern);
            f.format(ZonedDateTime.now()); // a pattern asking for what a time does not have fails here, not mid-stream
            return f;
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CliException(ExitCodes.USAGE, "--timestamp: bad pattern '" + pattern + "': " + e.getMessage());
        }
    }

    /** The target's apps; for an ecosystem file, each of its apps the daemon has (the others are skipped). */
    private static List<AppDetail> describe(RpcClient c, String what, List<String> fileApps) throws IOException {
        if (fileApps == null) return ((Response.Describe) ok(c.call(new Request.Describe(what, false)))).apps();
        List<AppDetail> all = new ArrayList<>();
        for (String app : fileApps) {
            Response r = c.call(new Request.Describe(app, false));
            if (r instanceof Response.Failure f && f.code().equals(ErrorCode.NOT_FOUND)) continue;
            all.addAll(((Response.Describe) ok(r)).apps());
        }
        return all;
    }

    /**
     * Asks the daemon every {@link #REFRESH_MS} which files the target has now. Never starts a
     * daemon; a daemon that is gone, busy or no longer knows the target changes nothing: the files
     * already followed are followed on.
     */
    private void refresh(String what, List<String> fileApps, LinkedBlockingQueue<List<AppDetail>> updates) {
        DaemonConnector connector = new DaemonConnector(main().jpmHome());
        while (true) {
            try {
                Thread.sleep(REFRESH_MS);
            } catch (InterruptedException e) {
                return;
            }
            try (RpcClient c = connector.connectExisting()) {
                if (c != null) updates.add(describe(c, what, fileApps));
            } catch (IOException | RuntimeException e) {
                // keep following what we have
            }
        }
    }

    /** Standard output as bytes; remembers a broken pipe instead of throwing, so the command ends quietly. */
    static final class Output {
        private final OutputStream out;
        boolean broken;

        Output(OutputStream out) {
            this.out = new BufferedOutputStream(out, 64 * 1024);
        }

        void write(byte[] b) {
            if (broken) return;
            try {
                out.write(b);
            } catch (IOException e) {
                broken = true;
            }
        }

        void flush() {
            if (broken) return;
            try {
                out.flush();
            } catch (IOException e) {
                broken = true;
            }
        }
    }

    /** The followed files, by path, each with its current label. */
    static final class Tailer {
        private final LogFormat format;
        private final int lines;
        final Output output;
        private final PrintWriter err;
        private final Map<String, Followed> files = new LinkedHashMap<>();
        private final ByteBuffer scratch = LogFollower.newBuffer();
        private int width;

        private static final class Followed {
            final LogFollower follower;
            LogFormat.Source source;
            String problem;

            Followed(LogFollower follower, LogFormat.Source source) {
                this.follower = follower;
                this.source = source;
            }
        }

        Tailer(LogFormat format, int lines, Output output, PrintWriter err) {
            this.format = format;
            this.lines = lines;
            this.output = output;
            this.err = err;
        }

        boolean isEmpty() {
            return files.isEmpty();
        }

        /**
         * Follows the files of a (newer) describe answer: a new path gets a follower (its last lines
         * first, as at start), a known one a possibly new label (a shared file becomes {@code *}).
         * A path no longer listed is kept: if its app comes back, nothing is printed twice.
         */
        void update(List<LogFormat.Source> sources) {
            for (LogFormat.Source s : sources) {
                Followed f = files.get(s.file());
                if (f == null) files.put(s.file(), new Followed(new LogFollower(Path.of(s.file()), lines), s));
                else f.source = s;
            }
            width = LogFormat.width(files.values().stream().map(f -> f.source).toList());
        }

        /** One look at every file; true when one of them has more waiting already. */
        boolean pollAll() {
            boolean more = false;
            long now = System.nanoTime() / 1_000_000;
            ZonedDateTime printedAt = ZonedDateTime.now();
            for (Followed f : files.values()) {
                try {
                    more |= f.follower.poll(now, scratch, line -> output.write(format.format(f.source, line, width, printedAt)));
                    f.problem = null;
                } catch (IOException e) {
                    String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (!problem.equals(f.problem)) {
                        err.println("jpm: cannot read " + f.source.file() + " (" + problem + "); retrying");
                        err.flush();
                    }
                    f.problem = problem;
                }
            }
            output.flush();
            return more && !output.broken;
        }

        /** Prints every file's incomplete last line (end of --nostream). */
        void finishAll() {
            ZonedDateTime printedAt = ZonedDateTime.now();
            for (Followed f : files.values()) {
                f.follower.finish(line -> output.write(format.format(f.source, line, width, printedAt)));
            }
            output.flush();
        }
    }
}
