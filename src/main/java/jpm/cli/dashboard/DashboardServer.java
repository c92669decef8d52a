package jpm.cli.dashboard;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code jpm dashboard}'s web server: the JDK's HTTP server on one address, a virtual thread per
 * request (a page's streams stay open for as long as it is shown), and the {@link Hub} that
 * follows the daemon. A client of the daemon like any command: the daemon serves no HTML.
 */
public final class DashboardServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Hub hub;
    private final String token;

    private DashboardServer(HttpServer server, Hub hub, String token) {
        this.server = server;
        this.hub = hub;
        this.token = token;
    }

    /** Binds and starts serving; the port 0 takes a free one. */
    public static DashboardServer start(InetAddress bind, int port, Backend backend) throws IOException {
        String token = newToken();
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 50);
        Hub hub = new Hub(backend);
        int bound = server.getAddress().getPort();
        Dispatcher d = new Dispatcher(new Gate(token, bound, bind.isLoopbackAddress()), new Assets(token), new Streams(hub),
                new Actions(backend));
        server.createContext("/", d);
        DashboardServer s = new DashboardServer(server, hub, token);
        server.setExecutor(s.executor);
        hub.start();
        server.start();
        return s;
    }

    /** 32 random bytes from the system's strong source, as hex: the secret in the URL. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL to open: the address as the user would type it, and the token. */
    public String url() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + "/?token=" + token;
    }

    @Override
    public void close() {
        hub.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
