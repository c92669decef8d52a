package jpm.daemon;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;
import jpm.ecosystem.Supervision;
import jpm.os.ExitWatcher;
import jpm.os.ProcFs;
import jpm.os.Reaper;

/**
 * The periodic /proc scan: each instance's tree CPU% and RSS (for ls and jlist), restarts of
 * instances above max_memory_restart, direct-log rotation, and reaping of zombies the daemon
 * adopted as subreaper. Every 2 s while something needs it, else once a minute; ls, jlist and
 * describe scan first when the figures are older than 2 s, so an idle daemon does next to nothing.
 */
final class Scanner {
    /** How often the process trees are scanned for metrics, memory limits and adopted zombies. */
    static final Duration SCAN_EVERY = Duration.ofSeconds(2);
    /**
     * The scan's period while nothing needs the 2 s one (no max_memory_restart, no log_max_size,
     * no adopted escapers, state.json saved): it then only reaps adopted zombies and keeps CPU% an
     * average over at most a minute (docs/performance.md).
     */
    static final Duration SCAN_EVERY_QUIET = Duration.ofSeconds(60);

    private final Apps apps;
    private final TreeTracker trees;
    private final ExitWatcher exits;
    private final DirectLogRotation rotation;
    private final EventBus bus;
    private final Fire fire;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    /** A write of state.json failed: the scan retries it, so it runs often. */
    private final BooleanSupplier saveFailing;
    private final Runnable retrySave;
    private long lastScanMicros;
    /** System.nanoTime() when the last scan began. */
    private long lastScanNanos = System.nanoTime();

    Scanner(Apps apps, TreeTracker trees, ExitWatcher exits, DirectLogRotation rotation, EventBus bus, Fire fire,
            ScheduledExecutorService timers, Consumer<Runnable> post, BooleanSupplier saveFailing, Runnable retrySave) {
        this.apps = apps;
        this.trees = trees;
        this.exits = exits;
        this.rotation = rotation;
        this.bus = bus;
        this.fire = fire;
        this.timers = timers;
        this.post = post;
        this.saveFailing = saveFailing;
        this.retrySave = retrySave;
    }

    /** How long the last scan took (for ping). */
    long lastScanMicros() {
        return lastScanMicros;
    }

    /** Starts the periodic scan; called once the loop runs. */
    void schedule() {
        timers.schedule(() -> post.accept(() -> {
            try {
                // decided at each tick, so an app that brings a memory limit is watched within 2 s
                if (scanOften() || System.nanoTime() - lastScanNanos >= SCAN_EVERY_QUIET.toNanos()) scanNow();
            } finally {
                schedule();
            }
        }), SCAN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Scans now if the last scan is older than {@link #SCAN_EVERY}: for the figures of ls, jlist and describe. */
    void freshen() {
        if (System.nanoTime() - lastScanNanos > SCAN_EVERY.toNanos()) scanNow();
    }

    private void scanNow() {
        if (saveFailing.getAsBoolean()) retrySave.run();
        long now = System.nanoTime();
        try {
            scan(now);
        } finally {
            lastScanMicros = (System.nanoTime() - now) / 1000;
            lastScanNanos = now;
        }
    }

    /**
     * Whether something depends on the 2 s scan: memory limits, direct-log rotation, escapers, a
     * failed save. (ls and friends need none: they scan first when the figures are old.)
     */
    private boolean scanOften() {
        if (saveFailing.getAsBoolean() || trees.hasEscapers()) return true;
        for (App a : apps.all()) {
            Supervision s = a.spec.supervision();
            if (s.triggers().maxMemoryRestartBytes() > 0 || s.logs().logMaxSizeBytes() > 0) return true;
        }
        return false;
    }

    private void scan(long now) {
        rotation.check(apps.all());
        List<Instance> all = apps.instances();
        if (!trees.tracksAnything() && all.stream().allMatch(i -> i.running == null)) {
            // nothing runs: no tree to measure, so no pass over all of /proc (idle CPU); only this
            // daemon's own exited children (pipe holders, orphans it adopted) to reap
            trees.reapOwnZombies();
            return;
        }
        List<ProcFs.Stat> processes = ProcFs.all();
        Map<Long, ProcFs.Stat> byPid = new HashMap<>();
        for (ProcFs.Stat st : processes) byPid.put(st.pid(), st);
        for (ProcFs.Stat st : processes) {
            // adopted orphans; the exit watcher reaps the children it watches (with their status)
            if (st.ppid() == trees.daemonPid() && st.zombie() && !exits.reapsChild(st.pid())) Reaper.reap(st.pid());
        }
        Map<Long, Set<Long>> treeOf = trees.trees(processes);
        for (Instance i : all) measure(i, treeOf.getOrDefault(i.id, Set.of()), byPid, now);
    }

    /**
     * An instance's CPU time over its runs, after a scan that found its tree at {@code treeTicks}
     * (its processes' own and their waited-for children's ticks). The first scan of a run adds
     * all of it: the run's processes started with none. Later scans add the growth; a tree whose
     * total went down lost a process that nobody in it waited for (its time went with it), and
     * adds nothing, so the sum never decreases (a Prometheus counter).
     *
     * @param previousTreeTicks the same run's tree at the previous scan, or -1 on its first scan
     */
    static long cpuTicksTotal(long total, long previousTreeTicks, long treeTicks) {
        if (previousTreeTicks < 0) return total + treeTicks;
        return total + Math.max(0, treeTicks - previousTreeTicks);
    }

    private void measure(Instance i, Set<Long> tree, Map<Long, ProcFs.Stat> byPid, long now) {
        if (i.running == null) {
            i.cpuPercent = 0;
            i.rssBytes = 0;
            i.lastCpuTicks = -1;
            return;
        }
        long ticks = 0;
        long treeTicks = 0;
        long rss = 0;
        for (long pid : tree) {
            ProcFs.Stat st = byPid.get(pid);
            if (st == null) continue;
            ticks += st.cpuTicks();
            treeTicks += st.cpuTicks() + st.childCpuTicks();
            rss += st.rssBytes();
        }
        // scans may miss a whole stop and start: a run is known by its main process (pid, start time)
        boolean sameRun = i.lastTreePid == i.pid && i.lastTreeStart == i.startTicks;
        i.cpuTicksTotal = cpuTicksTotal(i.cpuTicksTotal, sameRun ? i.lastTreeTicks : -1, treeTicks);
        i.lastTreeTicks = treeTicks;
        i.lastTreePid = i.pid;
        i.lastTreeStart = i.startTicks;
        if (i.lastCpuTicks >= 0 && now > i.lastScanNanos) {
            double seconds = (now - i.lastScanNanos) / 1e9;
            // a child that exited takes its ticks with it: never report a negative rate
            i.cpuPercent = Math.max(0, Math.round(1000.0 * (ticks - i.lastCpuTicks) / ProcFs.TICKS_PER_SECOND / seconds) / 10.0);
        }
        i.lastCpuTicks = ticks;
        i.lastScanNanos = now;
        i.rssBytes = rss;
        long limit = i.app.spec.supervision().triggers().maxMemoryRestartBytes();
        if (limit > 0 && rss > limit && i.state.status() == Status.ONLINE) {
            String cause = "memory: " + rss / 1024 / 1024 + " MiB > max_memory_restart " + limit / 1024 / 1024 + " MiB";
            bus.publish(new DaemonEvent.MemoryLimitExceeded(Apps.subject(i), apps.clock().instant(), cause, rss, limit), i.app, i);
            fire.fire(i, new Lifecycle.Event.RestartRequested(cause));
        }
    }
}
