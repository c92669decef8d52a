package jpm.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import jpm.home.JpmHome;
import jpm.os.PosixSpawn.Fd;
import jpm.os.Sockets;
import jpm.ecosystem.AppSpec;

/**
 * What a spawn needs for cluster mode and readiness, beside the app's own argv and env
 * (docs/cluster.md):
 * <ul>
 *   <li>the slot sockets: per app and instance slot one listening TCP socket with SO_REUSEPORT,
 *       bound by the daemon and kept while the slot has a process, given to it as fd 3 with the
 *       systemd socket-activation variables; a reload's old and new process share it, so no
 *       connection is refused in between;</li>
 *   <li>Node's IPC channel on fd 4 (NODE_CHANNEL_FD) for every Node app (readiness, messages,
 *       the adapter's requests), and the adapter itself ({@code node --require}) for every Node app in cluster
 *       mode, which also gets the sockets of the ports it listens on at run time
 *       ({@link SharedListens}, {@code JPM_CLUSTER=1});</li>
 *   <li>NOTIFY_SOCKET, the daemon's sd_notify datagram socket, for every app: readiness
 *       (wait_ready), STATUS= and messages (JPM_MSG=).</li>
 * </ul>
 * Touched on the supervisor loop only, except the notify reader thread.
 */
final class ClusterSockets {
    /** Sets LISTEN_PID to the final process's pid: posix_spawn cannot, and exec keeps the pid. A constant script; argv follows as "$0" "$@". */
    static final String LISTEN_PID_SCRIPT = "LISTEN_PID=$$; export LISTEN_PID; exec \"$0\" \"$@\"";
    private static final String SH = "/bin/sh";
    private static final String ADAPTER_RESOURCE = "/jpm/cluster/node-adapter.cjs";

    private record Slot(String address, int port, int fd) {}

    private final Map<String, Map<Integer, Slot>> slots = new HashMap<>();
    private final SharedListens shared = new SharedListens();
    private final JpmHome home;
    private final Consumer<String> log;
    private final Consumer<Sockets.Datagram> onNotify;
    private int notifyFd = -1;
    private Path adapter;

    ClusterSockets(JpmHome home, Consumer<String> log, Consumer<Sockets.Datagram> onNotify) {
        this.home = home;
        this.log = log;
        this.onNotify = onNotify;
    }

    /** One spawn's argv, env and extra descriptors; {@link #spawned} or {@link #abandon} once tried. */
    record Launch(List<String> argv, Map<String, String> env, List<Fd> fds, int ipcParent, int ipcChild, String name) {
        /** After the spawn: the daemon's end of the IPC channel, read from now on (null if none). */
        IpcChannel spawned(long pid, Consumer<String> onMessage, Consumer<String> onDropped) {
            if (ipcChild >= 0) Sockets.close(ipcChild);
            return ipcParent < 0 ? null : IpcChannel.open(ipcParent, name + " " + pid, onMessage, onDropped);
        }

        void abandon() {
            if (ipcChild >= 0) Sockets.close(ipcChild);
            if (ipcParent >= 0) Sockets.close(ipcParent);
        }
    }

    Launch prepare(AppSpec spec, List<String> command, int index, boolean nodeAdapter, Map<String, String> baseEnv) throws IOException {
        Map<String, String> env = new TreeMap<>(baseEnv);
        List<String> argv = new ArrayList<>(command);
        List<Fd> fds = new ArrayList<>();
        Integer port = spec.launch().clusterPort();
        if (port != null) {
            String address = spec.launch().listenAddress() == null ? "0.0.0.0" : spec.launch().listenAddress();
            fds.add(new Fd.Dup(3, slot(spec.id(), index, address, port)));
            env.put("LISTEN_FDS", "1");
            env.put("LISTEN_FDNAMES", spec.name().replaceAll("[^A-Za-z0-9_.-]", "_")); // colons separate names
            env.put("PORT", port.toString());
            env.put("JPM_CLUSTER_PORT", port.toString());
            List<String> wrapped = new ArrayList<>(List.of(SH, "-c", LISTEN_PID_SCRIPT));
            wrapped.addAll(argv);
            argv = wrapped;
        }
        if (nodeAdapter) {
            // the adapter, placed right after node's path: it shares the app's other listens too
            int node = port != null ? 3 : 0;
            argv.add(node + 1, "--require");
            argv.add(node + 2, adapter().toString());
            env.put("JPM_CLUSTER", "1");
        }
        // every app may say it is ready, what it is doing (STATUS=) or send a message (JPM_MSG=)
        env.put("NOTIFY_SOCKET", notifySocket());
        int[] ipc = {-1, -1};
        // and a Node app may process.send(), as under PM2 (its channel keeps it alive only while it listens for messages)
        if (nodeAdapter || App.isNode(command)) {
            ipc = Sockets.streamPair();
            fds.add(new Fd.Dup(4, ipc[1]));
            env.put("NODE_CHANNEL_FD", "4");
            env.put("NODE_CHANNEL_SERIALIZATION_MODE", "json");
        }
        return new Launch(List.copyOf(argv), env, List.copyOf(fds), ipc[0], ipc[1], spec.name());
    }

    /** The slot's socket, bound now if it has none or the app's port or address changed. */
    private int slot(String appId, int index, String address, int port) throws IOException {
        Map<Integer, Slot> mine = slots.computeIfAbsent(appId, k -> new HashMap<>());
        Slot s = mine.get(index);
        if (s != null && s.address().equals(address) && s.port() == port) return s.fd();
        if (s != null) Sockets.close(s.fd()); // a process still running keeps its own copy
        int fd = Sockets.listenTcp(address, port);
        mine.put(index, new Slot(address, port, fd));
        return fd;
    }

    /**
     * Closes a slot's sockets once no process of the slot runs (stopped, errored, scaled away):
     * a socket nobody accepts on would keep receiving its share of the connections.
     */
    void closeSlot(String appId, int index) {
        Map<Integer, Slot> mine = slots.get(appId);
        Slot s = mine == null ? null : mine.remove(index);
        if (s != null) Sockets.close(s.fd());
        shared.closeSlot(appId, index);
    }

    /**
     * Answers the Node adapter's request for a socket to listen on (see {@link SharedListens});
     * false when the message is not such a request.
     */
    boolean answerListen(IpcChannel channel, AppSpec spec, int index, String message) {
        SharedListens.Request r = SharedListens.parse(message);
        if (r == null || channel == null) return false;
        shared.answer(channel, spec.id(), index, spec.launch().listenAddress(), runsAsRoot(spec), r);
        return true;
    }

    /**
     * Whether the app's processes run as root: no uid (the daemon's user; a daemon that is not
     * root cannot bind privileged ports anyway) or uid 0 by number or name. Any other uid counts
     * as unprivileged, the safe side for a name that aliases uid 0.
     */
    static boolean runsAsRoot(AppSpec spec) {
        String uid = spec.launch().uid();
        return uid == null || uid.equals("0") || uid.equals("root");
    }

    /** The daemon's sd_notify socket, bound (and read by one thread) on first use. */
    private String notifySocket() throws IOException {
        Path path = home.notifySocket();
        if (notifyFd < 0) {
            int fd = Sockets.bindDatagram(path);
            Files.setPosixFilePermissions(path, JpmHome.FILE_MODE); // private like every file in the home
            notifyFd = fd;
            Thread.ofPlatform().name("jpm-notify").daemon().stackSize(128 * 1024).start(() -> {
                while (true) {
                    try {
                        Sockets.Datagram d = Sockets.receive(fd);
                        if (d == null) return;
                        if (d.senderPid() > 0) onNotify.accept(d);
                    } catch (IOException | RuntimeException e) {
                        log.accept("notify socket: " + e.getMessage());
                        return;
                    }
                }
            });
        }
        return path.toString();
    }

    /** The Node adapter, written from the jar into JPM_HOME/lib once per content. */
    private Path adapter() throws IOException {
        if (adapter != null) return adapter;
        byte[] bytes;
        try (InputStream in = ClusterSockets.class.getResourceAsStream(ADAPTER_RESOURCE)) {
            if (in == null) throw new IOException("this build of jpm has no Node adapter (" + ADAPTER_RESOURCE + ")");
            bytes = in.readAllBytes();
        }
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = home.libDir();
        JpmHome.ensurePrivateDir(dir);
        Path target = dir.resolve("node-adapter-" + sha + ".cjs");
        if (!Files.exists(target)) {
            Path tmp = dir.resolve(target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        adapter = target;
        return target;
    }
}
