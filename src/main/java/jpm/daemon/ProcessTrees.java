package jpm.daemon;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import jpm.os.ProcFs;

/**
 * Which live processes belong to which instance, from one pass over /proc. A process belongs to
 * instance X when it is in X's process group, descends from X's main process, or descends from
 * the daemon and carries X's tag in its environment (JPM_ID and JPM_HOME, which every child
 * inherits): the last rule finds double-forked escapers that left the group and were re-parented
 * to the daemon, a child subreaper. Pure: the environment lookup is passed in.
 */
final class ProcessTrees {
    private ProcessTrees() {}

    /**
     * @param processes every process (zombies are ignored)
     * @param daemonPid this daemon
     * @param leaders main pid (= process group id) of each instance, by pid → instance id;
     *     include instances whose main process already exited, to find what it left behind
     * @param tagOf instance id from a process's environment, or null (called only for processes
     *     under the daemon that no other rule placed)
     * @return instance id → pids of its live processes (main process included while alive)
     */
    static Map<Long, Set<Long>> assign(List<ProcFs.Stat> processes, long daemonPid, Map<Long, Long> leaders,
                                       LongFunction<Long> tagOf) {
        Map<Long, ProcFs.Stat> byPid = new HashMap<>();
        for (ProcFs.Stat s : processes) byPid.put(s.pid(), s);
        Map<Long, Set<Long>> out = new HashMap<>();
        Map<Long, Long> ownerMemo = new HashMap<>();
        for (ProcFs.Stat s : processes) {
            if (s.zombie() || s.pid() == daemonPid) continue;
            Long owner = leaders.get(s.pgid());
            if (owner == null) owner = ownerByAncestry(s, byPid, daemonPid, leaders, ownerMemo);
            if (owner == null && underDaemon(s, byPid, daemonPid)) owner = tagOf.apply(s.pid());
            if (owner != null) out.computeIfAbsent(owner, k -> new HashSet<>()).add(s.pid());
        }
        return out;
    }

    /** The instance whose main process is an ancestor of s (or s itself), else null. */
    private static Long ownerByAncestry(ProcFs.Stat s, Map<Long, ProcFs.Stat> byPid, long daemonPid,
                                        Map<Long, Long> leaders, Map<Long, Long> memo) {
        Set<Long> seen = new HashSet<>();
        ProcFs.Stat cur = s;
        while (cur != null && cur.pid() > 1 && cur.pid() != daemonPid && seen.add(cur.pid())) {
            if (memo.containsKey(cur.pid())) return memo.get(cur.pid());
            Long owner = leaders.get(cur.pid());
            if (owner != null) {
                memo.put(s.pid(), owner);
                return owner;
            }
            cur = byPid.get(cur.ppid());
        }
        return null;
    }

    private static boolean underDaemon(ProcFs.Stat s, Map<Long, ProcFs.Stat> byPid, long daemonPid) {
        Set<Long> seen = new HashSet<>();
        ProcFs.Stat cur = s;
        while (cur != null && seen.add(cur.pid())) {
            if (cur.ppid() == daemonPid) return true;
            if (cur.ppid() <= 1) return false;
            cur = byPid.get(cur.ppid());
        }
        return false;
    }
}
