package jpm.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jpm.daemon.Lifecycle.Event;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.DateFormats;
import jpm.ecosystem.Launch;
import jpm.ecosystem.SpecException;
import jpm.ecosystem.Supervision;
import jpm.home.JpmHome;
import jpm.logs.LineFormat;
import jpm.logs.LogFile;
import jpm.logs.LogFiles;
import jpm.logs.LogPump;
import jpm.logs.RotationPolicy;
import jpm.os.ExitWatcher;
import jpm.os.ProcFs;
import jpm.os.Sockets;
import jpm.os.Signals;

/**
 * Starts an instance's process and wires what comes with it: its environment, cluster sockets
 * and readiness channel, log files (opened by the spawn, or written by pumps in piped mode), and
 * the watch of its exit. Also re-attaches the output of a piped instance adopted after a daemon
 * restart. Outcomes go back to the state machine as events; runs on the loop.
 */
final class Launcher {
    private final JpmHome home;
    private final Spawner spawner;
    private final LogPaths logs;
    private final LogFiles logFiles;
    private final ExitWatcher exits;
    private final ChildReaper children;
    private final ClusterSockets cluster;
    private final Map<String, String> inheritedEnv;
    private final Fire fire;
    private final Consumer<Runnable> post;
    private final Consumer<String> log;
    private final java.time.Clock clock;
    private final MessagesFromApps messages;
    /** Writes again what apps have not taken yet from their IPC channel or stdin pipe. */
    private final OutboxRetry retry;

    Launcher(JpmHome home, Spawner spawner, LogFiles logFiles, ExitWatcher exits, ChildReaper children, ClusterSockets cluster,
             Map<String, String> inheritedEnv, Fire fire, Consumer<Runnable> post, java.time.Clock clock, MessagesFromApps messages,
             OutboxRetry retry, Consumer<String> log) {
        this.messages = messages;
        this.retry = retry;
        this.home = home;
        this.spawner = spawner;
        this.logs = spawner.logs();
        this.logFiles = logFiles;
        this.exits = exits;
        this.children = children;
        this.cluster = cluster;
        this.inheritedEnv = inheritedEnv;
        this.fire = fire;
        this.post = post;
        this.clock = clock;
        this.log = log;
    }

    LogPaths logs() {
        return logs;
    }

    void spawn(Instance inst) {
        App app = inst.app;
        RunAsShim.Plan runAs;
        try {
            runAs = RunAsShim.planFor(app.spec); // users change: resolved at every spawn
        } catch (SpecException e) {
            fire.fire(inst, new Event.SpawnFailed("spawn failed: " + e.getMessage()));
            return;
        }
        Map<String, String> userEnv = new TreeMap<>();
        runAs.applyTo(userEnv);
        Map<String, String> env = ChildEnv.of(inheritedEnv, userEnv, app.spec, inst.index, inst.id, home.dir().toString(), log);
        Spawner.Spawned p;
        List<LogFile> sinks = new ArrayList<>();
        ClusterSockets.Launch extra;
        try {
            extra = cluster.prepare(app.spec, app.command, inst.index, app.nodeAdapter, env);
        } catch (IOException | RuntimeException e) {
            fire.fire(inst, new Event.SpawnFailed("spawn failed: " + e.getMessage()));
            return;
        }
        try {
            inst.outLog = logs.canonical(logs.out(app.spec, inst.index), runAs.uid());
            inst.errLog = logs.canonical(logs.err(app.spec, inst.index), runAs.uid());
            if (app.spec.launch().piped()) {
                // the files first: a log path jpm must refuse fails the spawn before any process exists
                sinks.addAll(openSinks(inst, runAs.uid()));
                p = spawner.spawnPiped(runAs.wrap(extra.argv()), Path.of(app.spec.launch().cwd()), extra.env(), extra.fds(),
                        app.spec.launch().stdinMessages());
            } else {
                p = spawner.spawn(runAs.wrap(extra.argv()), Path.of(app.spec.launch().cwd()), extra.env(), inst.outLog, inst.errLog,
                        runAs.uid(), extra.fds(), app.spec.launch().stdinMessages());
            }
        } catch (IOException | RuntimeException e) {
            extra.abandon();
            sinks.forEach(logFiles::release);
            String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                    ? fse.getFile() + " " + fse.getReason() : e.getMessage();
            fire.fire(inst, new Event.SpawnFailed("spawn failed: " + why));
            return;
        }
        ExitWatcher.Watch running;
        try {
            running = exits.watchChild(p.pid(), (watch, exit) -> {
                children.request(); // its orphans came along as zombies: a sweep reaps them (the /proc pass skips zombies)
                post.accept(() -> exited(inst, watch, exit));
            });
        } catch (IOException e) { // no pidfd (a kernel before 5.3): the process could not be supervised
            Signals.signalGroup(p.pid(), "SIGKILL");
            extra.abandon();
            jpm.os.Pipes.close(p.stdinWrite());
            fire.fire(inst, new Event.SpawnFailed("spawn failed: " + e.getMessage()));
            return;
        }
        if (inst.ipc != null) inst.ipc.close();
        inst.ipc = extra.spawned(p.pid(), message -> post.accept(() -> {
            if (inst.running != running) return;
            // the adapter asks for the socket of a port the app listens on (SharedListens)
            if (cluster.answerListen(inst.ipc, inst.app.spec, inst.index, message)) return;
            AppMessages.Parsed parsed = AppMessages.ipcLine(message);
            if (signalsReady(inst.app, parsed)) {
                fire.fire(inst, new Event.Ready());
                return;
            }
            messages.received(inst, parsed, "process.send");
        }), reason -> post.accept(() -> {
            if (inst.running == running) messages.dropped(inst, reason);
        }), retry);
        if (inst.stdin != null) inst.stdin.close();
        inst.stdin = p.stdinWrite() < 0 ? null : new StdinPipe(p.stdinWrite(), retry);
        if (!sinks.isEmpty()) {
            startPumps(app.spec, inst.index, p.stdout(), p.stderr(), sinks);
            // the holder, a child too, is reaped by the zombie sweep of the scan once its app ended
            if (p.holderPid() == 0) log.accept(app.spec.id() + ": no pipe holder (tail missing): a daemon crash would end it");
        } else if (inst.stdin != null && p.holderPid() == 0) {
            log.accept(app.spec.id() + ": no pipe holder (tail missing): a daemon crash would end its stdin");
        }
        inst.running = running;
        inst.pid = p.pid();
        inst.startTicks = ProcFs.stat(inst.pid).map(ProcFs.Stat::startTicks).orElse(0L);
        CrashPoint.reach(CrashPoint.AFTER_SPAWN);
        fire.fire(inst, new Event.Spawned(clock.instant()));
    }

    /**
     * Watches a process found alive at restore (not this daemon's child: its end comes without a
     * status). False if it is gone by now, or is no longer the process found (pid reused).
     */
    boolean watchAdopted(Instance inst, long pid, long startTicks) {
        ExitWatcher.Watch w = exits.watchOther(pid, (watch, exit) -> post.accept(() -> exited(inst, watch, exit))).orElse(null);
        if (w == null) return false;
        // the pidfd pins the pid: check it is still the process found (not a new one that reused the pid)
        if (ProcFs.stat(pid).map(st -> st.startTicks() != startTicks || st.zombie()).orElse(true)) return false;
        inst.pid = pid;
        inst.startTicks = startTicks;
        inst.running = w;
        reattachOutput(inst);
        reattachStdin(inst);
        return true;
    }

    /**
     * A {@code stdin: message} instance adopted after a daemon restart: the write end of its stdin
     * pipe, which its {@link PipeHolder} kept open, reopened through /proc. Without it (the app
     * replaced its stdin, or no holder kept the pipe), {@code jpm send} says to restart the app.
     */
    private void reattachStdin(Instance inst) {
        if (!inst.app.spec.launch().stdinMessages()) return;
        try {
            inst.stdin = new StdinPipe(PipeHolder.reopenStdin(inst.pid), retry);
        } catch (IOException | RuntimeException e) {
            log.accept(inst.app.spec.id() + "#" + inst.index + ": cannot reopen its stdin: " + e.getMessage());
        }
    }

    /** The end of an instance's main process (exit code or signal; neither for an adopted one). */
    private void exited(Instance inst, ExitWatcher.Watch watch, ExitWatcher.Exit exit) {
        if (inst.running != watch) return; // a late notice about an earlier process
        inst.running = null;
        if (inst.ipc != null) {
            inst.ipc.close();
            inst.ipc = null;
        }
        if (inst.stdin != null) {
            inst.stdin.close();
            inst.stdin = null;
        }
        fire.fire(inst, new Event.Exited(exit.code(), exit.signal(), clock.instant()));
    }

    /**
     * Asks an instance to drain. The Node adapter drains on a message; anything else gets its stop
     * signal (with the stop signal, which the adapter sends itself when the app serves nothing).
     * Returns false when there is no channel: the caller signals the tree.
     */
    boolean drainOverIpc(Instance inst) {
        String stop = inst.app.spec.supervision().stop().stopSignal();
        return inst.ipc != null && inst.ipc.send("{\"jpm\":\"drain\",\"signal\":\"" + stop + "\"}");
    }

    /** Whether a message from an instance (IPC or notify socket) is the readiness its app waits for. */
    static boolean signalsReady(App app, AppMessages.Parsed message) {
        // with wait_ready the app says so (process.send('ready') as in PM2, or READY=1); else the
        // adapter says the shared port is listened on
        return app.spec.supervision().readiness().waitReady() ? message instanceof AppMessages.Ready
                : message instanceof AppMessages.Listening;
    }

    /**
     * A datagram on NOTIFY_SOCKET from an instance's main process or its process group: READY=1
     * (when the app waits for it), STATUS= and JPM_MSG= (AppMessages). A sender that is no
     * instance's is ignored.
     */
    void notified(List<Instance> instances, Sockets.Datagram d) {
        long group = ProcFs.stat(d.senderPid()).map(ProcFs.Stat::pgid).orElse(-1L);
        for (Instance i : instances) {
            if (i.running == null || i.pid <= 0 || i.pid != d.senderPid() && i.pid != group) continue;
            for (AppMessages.Parsed p : AppMessages.datagram(d.text(), d.truncated())) {
                if (signalsReady(i.app, p)) {
                    fire.fire(i, new Event.Ready());
                } else {
                    messages.received(i, p, "notify socket");
                }
            }
            return;
        }
    }

    /** The files of a piped instance: out, error, and the combined one if any (canonical paths, shared). */
    private List<LogFile> openSinks(Instance inst, long appUid) throws IOException {
        AppSpec spec = inst.app.spec;
        RotationPolicy rotation = rotationOf(spec);
        List<LogFile> sinks = new ArrayList<>();
        try {
            sinks.add(logFiles.acquire(inst.outLog, rotation)); // canonical: set so at spawn and at restore
            sinks.add(logFiles.acquire(inst.errLog, rotation));
            Path combined = logs.combined(spec, inst.index);
            if (combined != null) sinks.add(logFiles.acquire(logs.canonical(combined, appUid), rotation));
        } catch (IOException | RuntimeException e) {
            sinks.forEach(logFiles::release);
            throw e;
        }
        return sinks;
    }

    /**
     * A piped instance adopted after a daemon restart: its pipes were kept open by its
     * {@link PipeHolder}, so they are reopened through /proc and read on (off the loop: the open
     * of a pipe waits for a writer).
     */
    private void reattachOutput(Instance inst) {
        if (!inst.app.spec.launch().piped() || !PipeHolder.isPipe(inst.pid, 1) || !PipeHolder.isPipe(inst.pid, 2)) return;
        List<LogFile> sinks;
        try {
            sinks = openSinks(inst, RunAsShim.planFor(inst.app.spec).uid());
        } catch (IOException | RuntimeException e) {
            log.accept(inst.app.spec.id() + "#" + inst.index + ": cannot reopen its log files: " + e.getMessage());
            return;
        }
        AppSpec spec = inst.app.spec;
        long pid = inst.pid;
        // an app that sent stderr into stdout (exec 2>&1) has one pipe: two readers would split its lines
        boolean onePipe = PipeHolder.samePipe(pid, 1, 2);
        Thread.ofPlatform().name("jpm-reattach").daemon().start(() -> { // opening a pipe blocks in native code
            try {
                startPumps(spec, inst.index, PipeHolder.reopen(pid, 1), onePipe ? null : PipeHolder.reopen(pid, 2), sinks);
            } catch (IOException e) {
                log.accept(spec.id() + "#" + inst.index + ": cannot reopen its output pipes: " + e.getMessage());
                sinks.forEach(logFiles::release);
            }
        });
    }

    /**
     * Piped mode: one pump per stream. stdout goes to the out file (and the combined one),
     * stderr to the error file (and the combined one); the files are released when both end.
     */
    private void startPumps(AppSpec spec, int index, InputStream stdout, InputStream stderr, List<LogFile> sinks) {
        Launch l = spec.launch();
        boolean json = "json".equals(l.logType());
        java.time.format.DateTimeFormatter ts = l.time() || l.logDateFormat() != null || json ? DateFormats.forApp(l.logDateFormat()) : null;
        LogFile out = sinks.get(0);
        LogFile err = sinks.get(1);
        LogFile combined = sinks.size() > 2 ? sinks.get(2) : null;
        AtomicInteger open = new AtomicInteger(stderr == null ? 1 : 2);
        Runnable onEnd = () -> {
            if (open.decrementAndGet() == 0) sinks.forEach(logFiles::release);
        };
        String tag = spec.name() + "#" + index;
        LogPump.start("jpm-out " + tag, stdout, new LineFormat(ts, json, spec.name(), index, "out"),
                combined == null ? List.of(out) : List.of(out, combined), log, onEnd);
        if (stderr == null) return;
        LogPump.start("jpm-err " + tag, stderr, new LineFormat(ts, json, spec.name(), index, "err"),
                combined == null ? List.of(err) : List.of(err, combined), log, onEnd);
    }

    /** The canonical form of a log path (the key of the open log files), or the path as is if its dir is unusable. */
    Path canonicalOrAsIs(Path p) {
        try {
            return logs.canonical(p);
        } catch (IOException | RuntimeException e) {
            return p;
        }
    }

    static RotationPolicy rotationOf(AppSpec spec) {
        Supervision.LogRotation l = spec.supervision().logs();
        return new RotationPolicy(l.logMaxSizeBytes(), l.logRetain(), l.logCompress());
    }

    /** A live update of an app's log settings: the files its instances write take the new rotation policy. */
    void applyLogPolicy(App app) {
        for (Instance i : app.instances) {
            for (Path path : new Path[] {i.outLog, i.errLog}) logFiles.policy(path, rotationOf(app.spec));
            Path combined = logs.combined(app.spec, i.index);
            if (combined != null) logFiles.policy(canonicalOrAsIs(combined), rotationOf(app.spec));
        }
    }
}
