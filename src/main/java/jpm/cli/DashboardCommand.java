package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import jpm.apply.Applier;
import jpm.cli.dashboard.Backend;
import jpm.cli.dashboard.DashboardServer;
import jpm.cli.dashboard.PidFile;
import jpm.home.JpmHome;
import jpm.plan.Plan;
import jpm.plan.PlanText;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jpm dashboard}: the web dashboard (docs/dashboard.md), a client of the daemon served by
 * {@link DashboardServer} on 127.0.0.1. In the foreground until Ctrl-C, or with {@code --detach}
 * in the background until {@code --stop}; one per JPM_HOME ({@code dashboard.pid}).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve a web dashboard of the apps on 127.0.0.1 and print its URL (with a secret token).")
final class DashboardCommand extends DaemonCommand {
    static final long DETACH_WAIT_MS = 30_000;
    static final long STOP_WAIT_MS = 10_000;

    @Option(names = "--port", defaultValue = "0", description = "the port (default: a free one)")
    int port;

    @Option(names = "--open", description = "open the URL in the desktop's browser (xdg-open)")
    boolean open;

    @Option(names = "--detach", description = "keep running in the background; `jpm dashboard --stop` ends it")
    boolean detach;

    @Option(names = "--stop", description = "stop the dashboard running in the background")
    boolean stop;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "the address to listen on (default: 127.0.0.1)")
    String bind;

    @Option(names = "--allow-remote", description = "allow --bind to a non-loopback address: anyone who can reach it and has the token controls your apps")
    boolean allowRemote;

    @Override
    public Integer call() throws IOException {
        JpmHome home = main().jpmHome();
        home.prepare();
        PidFile pids = new PidFile(home.dir().resolve("dashboard.pid"));
        if (stop) return stop(pids);
        Optional<PidFile.Running> running = pids.running();
        if (running.isPresent()) {
            throw new CliException(ExitCodes.FAILURE, "a dashboard already runs for " + home.dir() + " (pid " + running.get().pid()
                    + "): " + running.get().url() + "\n`jpm dashboard --stop` ends it");
        }
        InetAddress address = address();
        if (port < 0 || port > 65535) throw new CliException(ExitCodes.USAGE, "--port must be from 0 to 65535, got " + port);
        if (detach) return detach(home, pids);
        connector().connectOrSpawn().close(); // as every command: the daemon runs from here on
        DashboardServer server;
        try {
            server = DashboardServer.start(address, port, backend(home));
        } catch (java.net.BindException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (another program uses it? --port N picks another, --port 0 a free one)");
        }
        pids.write(ProcessHandle.current().pid(), server.url());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            pids.removeIfMine();
            done.countDown();
        }));
        out().println("jpm dashboard: " + server.url());
        out().println("(the token in the URL is the only key: keep it to yourself; Ctrl-C stops the dashboard)");
        out().flush();
        if (open) openBrowser(server.url());
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /** The address to bind; anything but loopback needs --allow-remote and gets a warning. */
    private InetAddress address() {
        InetAddress a;
        try {
            a = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--bind: no such address: " + bind);
        }
        if (!a.isLoopbackAddress()) {
            if (!allowRemote) {
                throw new CliException(ExitCodes.USAGE, "--bind " + bind + " is not a loopback address: anyone who can reach it could try"
                        + " the dashboard; add --allow-remote if that is what you want");
            }
            err().println("jpm dashboard: WARNING: listening on " + bind + ", not on loopback: anyone who can reach this address and"
                    + " has the token can control your apps, and the token travels unencrypted (plain HTTP). Prefer an SSH tunnel.");
            err().flush();
        }
        return a;
    }

    private Backend backend(JpmHome home) {
        DaemonConnector connector = new DaemonConnector(home);
        return new Backend() {
            @Override
            public RpcClient connect() {
                return connector.connectExisting();
            }

            @Override
            public DiffAnswer diff(Path file) {
                StringWriter problems = new StringWriter();
                try {
                    FileCommands.FileOptions o = new FileCommands.FileOptions();
                    o.file = file;
                    var loaded = FileCommands.load(o, new PrintWriter(problems));
                    try (RpcClient c = connector.connectExisting()) {
                        if (c == null) return new DiffAnswer(false, null, "the jpm daemon is not running");
                        Plan plan = new Applier(c, line -> { }).plan(loaded.apps(), FileCommands.planOptions(o, false, false));
                        boolean same = plan.isEmpty() && plan.conflicts().isEmpty();
                        return new DiffAnswer(!same, problems + PlanText.render(plan, true) + (same ? "no changes" : PlanText.summary(plan)), null);
                    }
                } catch (CliException e) {
                    return new DiffAnswer(false, null, problems + e.getMessage());
                } catch (IOException | RuntimeException e) {
                    return new DiffAnswer(false, null, String.valueOf(e.getMessage()));
                }
            }
        };
    }

    /** Starts this same command without --detach in a session of its own, and prints its URL once it serves. */
    private int detach(JpmHome home, PidFile pids) throws IOException {
        Path log = home.dir().resolve("dashboard.log");
        JpmHome.ensureFile(log, JpmHome.FILE_MODE);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--home", home.dir().toString(), "dashboard", "--port", Integer.toString(port), "--bind", bind));
        if (allowRemote) cmd.add("--allow-remote");
        Process p = DaemonConnector.startDetached(cmd, log);
        long deadline = System.nanoTime() + DETACH_WAIT_MS * 1_000_000;
        while (System.nanoTime() < deadline && p.isAlive()) {
            Optional<PidFile.Running> r = pids.running();
            if (r.isPresent()) {
                out().println("jpm dashboard: " + r.get().url());
                out().println("(running in the background, pid " + r.get().pid() + "; `jpm dashboard --stop` ends it)");
                out().flush();
                if (open) openBrowser(r.get().url());
                return ExitCodes.OK;
            }
            try {
                p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (p.isAlive()) p.destroy();
        throw new CliException(ExitCodes.FAILURE, "the dashboard did not start; " + log + " says why");
    }

    private int stop(PidFile pids) throws IOException {
        Optional<PidFile.Running> r = pids.running();
        if (r.isEmpty()) {
            out().println("no dashboard runs for this home");
            return ExitCodes.OK;
        }
        long pid = r.get().pid();
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        if (h != null) {
            h.destroy();
            try {
                h.onExit().get(STOP_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(pids.path());
        out().println("stopped the dashboard (pid " + pid + ")");
        return ExitCodes.OK;
    }

    private void openBrowser(String url) {
        try {
            new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            err().println("jpm dashboard: cannot open a browser (" + e.getMessage() + "); open the URL above yourself");
            err().flush();
        }
    }
}
