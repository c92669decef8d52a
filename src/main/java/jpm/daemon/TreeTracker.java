package jpm.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jpm.home.JpmHome;
import jpm.os.ProcFs;
import jpm.os.Signals;

/**
 * Knows each instance's process tree: its group, plus members that left it (a child that called
 * setsid, an escaper re-parented away when a previous daemon died). Signals whole trees, and
 * watches the trees of stopping instances until nothing of them is left (GroupGone). Runs on the loop.
 */
final class TreeTracker {
    /** How often the process groups of stopping instances are checked for live members. */
    static final Duration GROUP_POLL = Duration.ofMillis(20);

    private final Apps apps;
    private final JpmHome home;
    private final ChildReaper children;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> post;
    private final Fire fire;
    private final long daemonPid = ProcessHandle.current().pid();
    private final Set<Instance> watchedGroups = new HashSet<>();
    /**
     * Processes of adopted instances that had left their tree and were re-parented away when the
     * previous daemon died: pid → (instance id, start time). Found by tag at restore; treated as
     * extra roots of the instance's tree while they live.
     */
    private final Map<Long, long[]> adoptedEscapers = new HashMap<>();
    /** The /proc scan of the current loop task, if one was made (see {@link #trees()}). */
    private Map<Long, Set<Long>> treesThisTask;
    private boolean groupPollScheduled;
    /** A signal whose group was sent and whose members outside the group are yet to get it. */
    private record OutsideSignal(Instance inst, long pid, String signal) {}
    private final List<OutsideSignal> outsiders = new ArrayList<>();
    private boolean outsidersPosted;
    /** A pollGroups task is in the queue (for groups that just started to be watched). */
    private boolean groupPollPosted;

    TreeTracker(Apps apps, JpmHome home, ChildReaper children, ScheduledExecutorService timers, Consumer<Runnable> post,
                Fire fire) {
        this.apps = apps;
        this.home = home;
        this.children = children;
        this.timers = timers;
        this.post = post;
        this.fire = fire;
    }

    long daemonPid() {
        return daemonPid;
    }

    /** After every loop task: the next task scans afresh. */
    void endOfTask() {
        treesThisTask = null;
    }

    /**
     * Signals an instance's whole tree: its process group now, then, in one task after the ones
     * already queued, every member of its tree outside the group (a child that called setsid, an
     * escaper re-parented to the daemon). Finding those takes a pass over /proc, and signals come
     * one task each in a burst (each exit's leftovers, each stop's kill timeout): a pass per
     * signal made a `delete all` of 10,000 instances quadratic. The pid signalled stays a leader
     * until that task, so its group's members are still told apart after it exited; an instance
     * restarted meanwhile (a new pid) is left alone, lest its new tree get the old signal.
     */
    void signalTree(Instance inst, String signal) {
        if (inst.pid <= 1) return;
        boolean cont = Signals.followedByContinue(signal); // a SIGSTOPped process acts on its stop signal once continued
        Signals.signalGroup(inst.pid, signal);
        if (cont) Signals.signalGroup(inst.pid, "SIGCONT");
        outsiders.add(new OutsideSignal(inst, inst.pid, signal));
        if (!outsidersPosted) {
            outsidersPosted = true;
            post.accept(() -> {
                outsidersPosted = false;
                signalOutsiders();
            });
        }
    }

    private void signalOutsiders() {
        if (outsiders.isEmpty()) return;
        Map<Long, Set<Long>> treeOf = trees();
        for (OutsideSignal o : outsiders) {
            if (o.inst().pid != o.pid()) continue;
            boolean cont = Signals.followedByContinue(o.signal());
            for (long member : treeOf.getOrDefault(o.inst().id, Set.of())) {
                // the main process leads its group, so it has the group's signal; read the others afresh (pids are reused)
                if (member != o.pid() && ProcFs.stat(member).map(st -> st.pgid() != o.pid()).orElse(false)) {
                    Signals.signalProcess(member, o.signal());
                    if (cont) Signals.signalProcess(member, "SIGCONT");
                }
            }
        }
        outsiders.clear();
    }

    /** Watches the instance's tree; GroupGone once nothing of it is left. */
    void awaitGroupGone(Instance inst) {
        watchedGroups.add(inst);
        // Not at once: after the tasks already queued. A delete of 100 ends them in bursts, and
        // each poll that finds an empty group makes a pass over /proc (~14 ms with 100 apps);
        // polling per exit made `delete all` take 1.5 s.
        if (!groupPollPosted) {
            groupPollPosted = true;
            post.accept(() -> {
                groupPollPosted = false;
                pollGroups();
            });
        }
    }

    /** Whether some stopping tree is being watched or an adopted escaper lives (the scan has work). */
    boolean tracksAnything() {
        return !watchedGroups.isEmpty() || !adoptedEscapers.isEmpty();
    }

    boolean hasEscapers() {
        return !adoptedEscapers.isEmpty();
    }

    void addEscaper(long pid, long instanceId, long startTicks) {
        adoptedEscapers.put(pid, new long[] {instanceId, startTicks});
    }

    /** Instances whose processes may be alive, by main pid (dead main processes included while stopping). */
    private Map<Long, Long> leaders() {
        Map<Long, Long> out = new HashMap<>();
        apps.forEachInstanceAndRetiring(i -> {
            Status st = i.state.status();
            if (i.pid > 1 && (i.running != null || st == Status.STOPPING || watchedGroups.contains(i))) out.put(i.pid, i.id);
        });
        for (OutsideSignal o : outsiders) out.putIfAbsent(o.pid(), o.inst().id);
        adoptedEscapers.forEach((pid, idAndStart) -> out.putIfAbsent(pid, idAndStart[0]));
        return out;
    }

    /**
     * The trees, scanned at most once per loop task: a stop of 100 instances signals 100 trees
     * in one task, and each full /proc pass costs about 10 ms.
     */
    private Map<Long, Set<Long>> trees() {
        if (treesThisTask == null) treesThisTask = trees(ProcFs.all());
        return treesThisTask;
    }

    /** Instance id to the pids of its live tree, from one pass over /proc. */
    Map<Long, Set<Long>> trees(List<ProcFs.Stat> processes) {
        if (!adoptedEscapers.isEmpty()) {
            Map<Long, ProcFs.Stat> byPid = new HashMap<>();
            for (ProcFs.Stat st : processes) byPid.put(st.pid(), st);
            adoptedEscapers.entrySet().removeIf(e -> {
                ProcFs.Stat st = byPid.get(e.getKey());
                return st == null || st.zombie() || st.startTicks() != e.getValue()[1]; // gone, or the pid was reused
            });
        }
        return ProcessTrees.assign(processes, daemonPid, leaders(), this::tagOf);
    }

    /** The instance id a process of this home carries in its environment (JPM_HOME + JPM_ID), or null. */
    Long tagOf(long pid) {
        Map<String, String> env = ProcFs.environ(pid);
        if (!home.dir().toString().equals(env.get("JPM_HOME"))) return null;
        try {
            return Long.parseLong(env.getOrDefault("JPM_ID", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reaps the daemon's exited children that the exit watcher does not wait for (pipe holders, adopted orphans). */
    void reapOwnZombies() {
        children.sweep();
    }

    /** Stopping instances whose main process is gone: done once nothing of their tree is left. */
    private void pollGroups() {
        if (watchedGroups.isEmpty()) return;
        // cheap first: while a group has a member, its tree is not gone; only when some group is
        // empty does a pass over /proc look for members outside it (escapers). Exited orphans
        // re-parented to the daemon would count as members until reaped: reap them here.
        reapOwnZombies();
        boolean someGroupEmpty = watchedGroups.stream().anyMatch(i -> i.pid <= 1 || !Signals.groupExists(i.pid));
        Map<Long, Set<Long>> trees = someGroupEmpty ? trees() : Map.of();
        List<Instance> gone = !someGroupEmpty ? List.of() : watchedGroups.stream().filter(i -> trees.getOrDefault(i.id, Set.of()).isEmpty()).toList();
        gone.forEach(watchedGroups::remove);
        for (Instance inst : gone) fire.fire(inst, new Lifecycle.Event.GroupGone());
        if (!watchedGroups.isEmpty() && !groupPollScheduled) {
            groupPollScheduled = true;
            timers.schedule(() -> post.accept(() -> {
                groupPollScheduled = false;
                pollGroups();
            }), GROUP_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
