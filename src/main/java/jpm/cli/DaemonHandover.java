package jpm.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.home.JpmHome;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/**
 * The client side of the daemon's hand-over to a successor (`jpm update`, docs/crash-safety.md):
 * note the pids of the running instances, ask the daemon for {@code update}, wait until it has
 * exited, connect to its successor (started here, or by systemd when the daemon ran under it),
 * and compare the pids. With no daemon running, it starts one. What to make of the pids is
 * decided by the pure {@link #runningPids} and {@link #restartedMeanwhile}.
 */
final class DaemonHandover {
    /** How long systemd gets to start the successor (RestartSec plus a JVM start). */
    static final long SUCCESSOR_TIMEOUT_MS = 20_000;

    /**
     * What a hand-over did.
     *
     * @param before the old daemon's ping; null when none was running and one was started
     * @param after the new daemon's ping
     * @param running how many instances had a process before the hand-over
     * @param restarted those whose pid changed meanwhile, as "name#instance (pid OLD -> NEW, status)"
     */
    record Outcome(Response.Pong before, Response.Pong after, int running, List<String> restarted) {
        /** The instances that kept their process. */
        int kept() {
            return running - restarted.size();
        }
    }

    private final JpmHome home;
    private final DaemonConnector connector;

    DaemonHandover(JpmHome home) {
        this.home = home;
        this.connector = new DaemonConnector(home);
    }

    Outcome run() throws IOException {
        RpcClient old = connector.connectExisting();
        if (old == null) {
            try (RpcClient c = connector.connectOrSpawn()) {
                return new Outcome(null, ping(c), 0, List.of());
            }
        }
        Response.Pong before;
        Map<Long, Long> pidsBefore;
        Response.HandedOver handed;
        try (old) {
            before = ping(old);
            pidsBefore = runningPids(instances(old));
            handed = (Response.HandedOver) DaemonCommand.ok(old.call(new Request.Update()));
        }
        awaitExit(handed.pid());
        try (RpcClient c = handed.systemd() ? awaitSuccessor() : connector.connectOrSpawn()) {
            List<String> restarted = restartedMeanwhile(pidsBefore, instances(c));
            return new Outcome(before, ping(c), pidsBefore.size(), restarted);
        }
    }

    /** Instance id to pid, of the instances that have a process. */
    static Map<Long, Long> runningPids(List<InstanceInfo> instances) {
        Map<Long, Long> pids = new LinkedHashMap<>();
        for (InstanceInfo i : instances) {
            if (i.pid() != null) pids.put(i.id(), i.pid());
        }
        return pids;
    }

    /**
     * The instances that had a process before and another one, or none, after: their process
     * exited during the hand-over and the successor restarted it by policy (or did not).
     * Instances that appeared or disappeared meanwhile are not counted.
     */
    static List<String> restartedMeanwhile(Map<Long, Long> pidsBefore, List<InstanceInfo> after) {
        List<String> changed = new ArrayList<>();
        for (InstanceInfo i : after) {
            Long was = pidsBefore.get(i.id());
            if (was != null && !was.equals(i.pid())) {
                changed.add(i.name() + "#" + i.instance() + " (pid " + was + " -> " + (i.pid() == null ? "none" : i.pid())
                        + ", " + i.status() + ")");
            }
        }
        return changed;
    }

    private static Response.Pong ping(RpcClient c) throws IOException {
        return (Response.Pong) DaemonCommand.ok(c.call(new Request.Ping()));
    }

    private static List<InstanceInfo> instances(RpcClient c) throws IOException {
        return ((Response.Instances) DaemonCommand.ok(c.call(new Request.ListInstances()))).instances();
    }

    private void awaitExit(long pid) {
        if (!DaemonConnector.awaitGone(pid, DaemonConnector.EXIT_TIMEOUT_MS)) {
            throw new CliException(ExitCodes.FAILURE, "the old daemon (pid " + pid + ") did not exit within "
                    + DaemonConnector.EXIT_TIMEOUT_MS / 1000 + " s; its apps keep running; see " + home.daemonLog());
        }
    }

    /** Under systemd the unit restarts the daemon (exit status 75); a second one started here would fight it. */
    private RpcClient awaitSuccessor() {
        long deadline = System.nanoTime() + SUCCESSOR_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            RpcClient c = connector.connectExisting();
            if (c != null) return c;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "the daemon ran under systemd and exited for its successor,"
                + " but systemd did not start one within " + SUCCESSOR_TIMEOUT_MS / 1000 + " s: check `systemctl --user status"
                + " jpm` (the unit must restart on exit status 75; see `jpm startup`); the apps keep running");
    }
}
