package jpm.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.ScriptFiles;
import jpm.os.ExitWatcher;
import jpm.os.Signals;

/**
 * Runs an app's {@code hooks} (docs/hooks.md): the command its {@code hooks} names for an event's
 * type, with the event on stdin and as {@code JPM_EVENT_*} variables, at most
 * {@link HookLimits#concurrency} at a time, each within {@link HookLimits#timeout}.
 *
 * <p>Nothing here waits. On the loop: the subscriber only takes a copy of the event and queues
 * it (a full queue drops it, counted); a free slot spawns the command at once, on the loop as an
 * instance is spawned, because the loop is the thread that reaps the daemon's stray children
 * ({@link ChildReaper}) and hands its own to the exit watcher in the same step. The hook's stdin
 * and output are served by a thread of its own ({@link HookOutput}); its exit comes from the exit
 * watcher and its timeout from the timer thread, both posted to the loop. So a hook that fails,
 * floods or hangs costs a slot, never the loop.
 */
final class HookRunner {
    /** One event's hook, as queued: everything it needs, copied on the loop when the event happened. */
    record Job(String label, List<String> command, Path cwd, Map<String, String> env, byte[] event) {}

    /** A started hook, known on the loop until its process ended. */
    private static final class Run {
        final Job job;
        final long pid;
        ScheduledFuture<?> deadline;
        ScheduledFuture<?> kill;
        boolean timedOut;

        Run(Job job, long pid) {
            this.job = job;
            this.pid = pid;
        }
    }

    private final HookLimits limits;
    private final Spawner spawner;
    private final ExitWatcher exits;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    private final Consumer<String> log;
    private final Map<String, String> inherited;
    private final String home;
    private final String searchPath;
    /** Threads for the hooks' stdin and output: made when a hook starts, gone a minute after the last one ended. */
    private final ExecutorService io =
            Executors.newCachedThreadPool(r -> Thread.ofPlatform().name("jpm-hook").daemon().unstarted(r));

    // owned by the loop
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private int running;
    private long droppedInBurst;
    private long droppedInAll;

    HookRunner(HookLimits limits, Spawner spawner, ExitWatcher exits, EventBus bus, ScheduledExecutorService timers,
               Consumer<Runnable> post, Map<String, String> daemonEnv, String home, Consumer<String> log) {
        this.limits = limits;
        this.spawner = spawner;
        this.exits = exits;
        this.timers = timers;
        this.post = post;
        this.log = log;
        this.inherited = ChildEnv.inherited(daemonEnv);
        this.home = home;
        this.searchPath = daemonEnv.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        bus.subscribe(this::on);
    }

    /** The command an event runs, or null: the one its app's {@code hooks} names for its type. Pure. */
    static List<String> commandFor(DaemonEvent event, App app) {
        return app == null ? null : app.spec.supervision().hooks().commandFor(event.type());
    }

    /** How a hook's lines in daemon.log begin: the event's type and what it is about ({@code hook errored shop/api#0}). */
    static String label(DaemonEvent event) {
        jpm.daemon.events.Subject s = event.subject();
        return "hook " + event.type() + " " + s.namespace() + "/" + s.name() + (s.instance() == null ? "" : "#" + s.instance());
    }

    /** On the loop, for every event: queues the app's hook for it, if any. Never throws into the publisher's transition. */
    private void on(DaemonEvent event, App app, Instance instance) {
        List<String> command = commandFor(event, app);
        if (command == null) return;
        try {
            queue(event, app, command);
        } catch (RuntimeException e) {
            log.accept(label(event) + ": not run: " + e);
        }
    }

    private void queue(DaemonEvent event, App app, List<String> command) {
        Map<String, Object> tree = EventJson.tree(event);
        byte[] line = (jpm.json.Json.write(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        Job job = new Job(label(event), command, Path.of(app.spec.launch().cwd()), HookEnv.of(inherited, home, tree), line);
        if (running < limits.concurrency()) {
            start(job);
        } else if (waiting.size() < limits.queue()) {
            waiting.add(job);
            reportDrops();
        } else {
            if (droppedInBurst == 0) {
                log.accept("hooks: " + limits.concurrency() + " running and " + waiting.size() + " waiting (" + HookLimits.CONCURRENCY
                        + ", " + HookLimits.QUEUE + "): the hooks of further events are dropped until there is room");
            }
            droppedInBurst++;
            droppedInAll++;
        }
    }

    /** Once a burst of drops is over (the queue has room again, or is empty): how many were dropped, in one line. */
    private void reportDrops() {
        if (droppedInBurst == 0) return;
        log.accept("hooks: dropped " + droppedInBurst + " event(s) while the queue was full (" + droppedInAll + " since the daemon started)");
        droppedInBurst = 0;
    }

    /** On the loop: spawns the command and hands it to its thread, the exit watcher and the timer. */
    private void start(Job job) {
        List<String> command;
        try {
            command = resolved(job.command());
        } catch (IOException e) {
            log.accept(job.label() + ": not run: " + e.getMessage());
            return;
        }
        Path cwd = Files.isDirectory(job.cwd()) ? job.cwd() : Path.of("/");
        Spawner.Hook process;
        try {
            process = spawner.spawnHook(command, cwd, job.env());
        } catch (IOException | RuntimeException e) {
            log.accept(job.label() + ": cannot start " + command.getFirst() + ": " + e.getMessage());
            return;
        }
        Run run = new Run(job, process.pid());
        try {
            exits.watchChild(run.pid, (w, exit) -> post.accept(() -> ended(run, exit)));
        } catch (IOException e) {
            // unwatched, its timeout could not be kept: not run (the child reaper reaps it)
            Signals.signalGroup(run.pid, "SIGKILL");
            close(process);
            log.accept(job.label() + ": cannot watch pid " + run.pid + ": " + e.getMessage() + "; killed");
            return;
        }
        running++;
        run.deadline = timers.schedule(() -> post.accept(() -> timedOut(run)), limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        io.execute(() -> HookOutput.exchange(job.label(), job.event(), process.stdin(), process.output(), log));
    }

    /** A bare program name is looked up on the daemon's PATH now, as an interpreter is. */
    private List<String> resolved(List<String> command) throws IOException {
        String program = command.getFirst();
        if (program.startsWith("/")) return command;
        Path found = ScriptFiles.onPath(program, searchPath)
                .orElseThrow(() -> new IOException("'" + program + "' is not a command on the daemon's PATH (" + searchPath + ")"));
        List<String> out = new ArrayList<>(command);
        out.set(0, found.toString());
        return out;
    }

    /** On the loop, at the timeout: SIGTERM to the hook's process group, SIGKILL {@link HookLimits#KILL_AFTER} later. */
    private void timedOut(Run run) {
        if (run.deadline == null) return; // ended meanwhile
        run.timedOut = true;
        log.accept(run.job.label() + ": still running after " + limits.timeout().toMillis() + " ms (" + HookLimits.TIMEOUT
                + "): SIGTERM to its process group " + run.pid);
        Signals.signalGroup(run.pid, "SIGTERM");
        run.kill = timers.schedule(() -> post.accept(() -> {
            if (run.deadline == null) return;
            log.accept(run.job.label() + ": still running " + HookLimits.KILL_AFTER.toMillis() + " ms after SIGTERM: SIGKILL");
            Signals.signalGroup(run.pid, "SIGKILL");
        }), HookLimits.KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * On the loop, once the hook's main process ended and was reaped: what it left in its process
     * group is killed (a hook is one command, as a systemd oneshot unit is), a failure is logged,
     * and the slot goes to the next event waiting.
     */
    private void ended(Run run, ExitWatcher.Exit exit) {
        run.deadline.cancel(false);
        run.deadline = null;
        if (run.kill != null) run.kill.cancel(false);
        running--;
        // the group outlives its leader only while members are left; its id cannot be reused until then
        if (Signals.groupExists(run.pid)) Signals.signalGroup(run.pid, "SIGKILL");
        String how = exit.code() != null ? "exited with code " + exit.code() : "killed by " + exit.signal();
        if (run.timedOut) log.accept(run.job.label() + ": " + how + " after its timeout");
        else if (!Integer.valueOf(0).equals(exit.code())) log.accept(run.job.label() + ": " + how);
        while (running < limits.concurrency() && !waiting.isEmpty()) start(waiting.poll());
        if (waiting.isEmpty()) reportDrops();
    }

    private static void close(Spawner.Hook process) {
        try {
            process.stdin().close();
            process.output().close();
        } catch (IOException e) {
            // nothing more to say about a hook that never ran
        }
    }
}
