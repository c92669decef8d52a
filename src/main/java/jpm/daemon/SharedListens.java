package jpm.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import jpm.json.Json;
import jpm.json.JsonException;
import jpm.os.Sockets;

/**
 * The ports a Node cluster instance listens on without jpm knowing them in advance (PM2's
 * cluster mode: {@code instances: 4} and {@code server.listen(3000)}, no {@code port} in the
 * file). The Node adapter asks over the IPC channel, at {@code listen()}, for
 * {@code {"jpm":"listen","id":1,"address":"::","port":3000}}; the daemon answers with its socket
 * for that instance slot and address:port (bound now with SO_REUSEPORT, or the one it holds
 * already), sent as a Node handle, or with {@code {"jpm":"listen","id":1,"error":..,"code":..}}.
 * The sockets follow the rules of the slot sockets of {@link ClusterSockets}: one per slot, held
 * while the slot has a process, so that a reload's old and new process share it. Loop only.
 */
final class SharedListens {
    /** A listen the adapter asks for; {@code address} null = the app named no host (Node: all addresses). */
    record Request(long id, String address, int port) {}

    /** An app asking for more is misbehaving: each socket is a descriptor the daemon holds. */
    static final int MAX_PER_SLOT = 16;

    /** app id -> slot -> "address port" -> socket */
    private final Map<String, Map<Integer, Map<String, Integer>>> sockets = new HashMap<>();

    /** The request in an IPC message, or null when the message is something else. */
    static Request parse(String message) {
        if (!message.contains("\"listen\"")) return null; // cheap: most messages are "ready" or acks
        Object v;
        try {
            v = Json.parse(message);
        } catch (JsonException e) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m) || !"listen".equals(m.get("jpm")) || !(m.get("id") instanceof Number id)
                || !(m.get("port") instanceof Number port)) {
            return null;
        }
        Object address = m.get("address");
        return new Request(id.longValue(), address instanceof String a && !a.isBlank() ? a : null, port.intValue());
    }

    /**
     * Answers a request on the instance's channel. {@code listenAddress} is the app's
     * {@code listen_address}, which wins over the host the app named.
     */
    void answer(IpcChannel channel, String appId, int index, String listenAddress, boolean appIsRoot, Request r) {
        String address = listenAddress != null ? listenAddress : r.address();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("jpm", "listen");
        reply.put("id", r.id());
        try {
            if (r.port() < 1 || r.port() > 65535) throw new IOException("port must be from 1 to 65535, got " + r.port());
            if (!mayBind(r.port(), appIsRoot, unprivilegedPortStart())) {
                throw new IOException("port " + r.port() + " is privileged and the app does not run as root (jpm binds it"
                        + " for the app only as the kernel would: name it as the app's port in the file to have the daemon"
                        + " bind it): Permission denied");
            }
            int fd;
            if (address != null) {
                fd = socket(appId, index, address, r.port());
            } else {
                // as Node binds a listen without a host: the IPv6 wildcard (dual-stack), else IPv4's
                try {
                    fd = socket(appId, index, address = "::", r.port());
                } catch (IOException e) {
                    String code = errorCode(e.getMessage());
                    if (!code.equals("EAFNOSUPPORT") && !code.equals("EADDRNOTAVAIL")) throw e; // not for want of IPv6
                    fd = socket(appId, index, address = "0.0.0.0", r.port());
                }
            }
            reply.put("address", address);
            reply.put("port", r.port());
            channel.sendHandle(Json.write(reply), fd);
        } catch (IOException | IllegalArgumentException e) {
            reply.put("error", e.getMessage());
            reply.put("code", errorCode(e.getMessage()));
            channel.send(Json.write(reply));
        }
    }

    private int socket(String appId, int index, String address, int port) throws IOException {
        Map<String, Integer> slot = sockets.computeIfAbsent(appId, k -> new HashMap<>()).computeIfAbsent(index, k -> new HashMap<>());
        String key = address + " " + port;
        Integer fd = slot.get(key);
        if (fd == null && slot.size() >= MAX_PER_SLOT) {
            throw new IOException("jpm shares at most " + MAX_PER_SLOT + " ports per instance; listen on " + address + ":" + port + " refused");
        }
        if (fd == null) {
            fd = Sockets.listenTcp(address, port); // IllegalArgumentException for an address that is no IP literal
            slot.put(key, fd);
        }
        return fd;
    }

    /**
     * Whether the daemon may bind {@code port} for an app that asked at run time. A root daemon
     * could bind any port, but an app running as another user must not get a privileged one just
     * by asking: it gets what the kernel would give it. (A port written in the file is the
     * operator's decision, as with a systemd socket unit, and is bound by {@link ClusterSockets}.)
     */
    static boolean mayBind(int port, boolean appIsRoot, int unprivilegedPortStart) {
        return appIsRoot || port >= unprivilegedPortStart;
    }

    /** The kernel's net.ipv4.ip_unprivileged_port_start (1024 when unreadable). */
    private static int unprivilegedPortStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).strip());
        } catch (IOException | NumberFormatException e) {
            return 1024;
        }
    }

    /** Closes a slot's sockets once no process of the slot runs (as {@link ClusterSockets#closeSlot}). */
    void closeSlot(String appId, int index) {
        Map<Integer, Map<String, Integer>> app = sockets.get(appId);
        Map<String, Integer> slot = app == null ? null : app.remove(index);
        if (slot != null) slot.values().forEach(Sockets::close);
        if (app != null && app.isEmpty()) sockets.remove(appId);
    }

    /** Node's error code for the reason of a failed bind, so the app sees the 'error' it would see unmanaged. */
    static String errorCode(String message) {
        if (message == null) return "EINVAL";
        if (message.endsWith("Address already in use")) return "EADDRINUSE";
        if (message.endsWith("Permission denied")) return "EACCES";
        if (message.endsWith("Cannot assign requested address")) return "EADDRNOTAVAIL";
        if (message.endsWith("Address family not supported by protocol")) return "EAFNOSUPPORT";
        return "EINVAL";
    }
}
