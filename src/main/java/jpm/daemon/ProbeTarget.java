package jpm.daemon;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import jpm.ecosystem.Supervision.HealthCheck;

/**
 * A probe of one instance, its templates filled: what it asks and how its answers read
 * (docs/health.md). Pure, table-tested in ProbeTargetTest.
 */
sealed interface ProbeTarget {
    /** An HTTP GET of {@code uri}: healthy on 2xx or 3xx. */
    record Http(URI uri) implements ProbeTarget {
        /** Whether the URL is {@code https://}: asked through the JDK's HttpClient, not jpm's own GET. */
        boolean secure() {
            return uri.getScheme().equalsIgnoreCase("https");
        }

        /** The port to connect to: the URL's, or 80. */
        int port() {
            return uri.getPort() < 0 ? 80 : uri.getPort();
        }

        /** The host to connect to: the URL's, an IPv6 address without its brackets. */
        String host() {
            String h = uri.getHost();
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        }

        /** The request jpm sends for it: a GET of the path and query (never the fragment), asking to keep the connection. */
        String request() {
            URI ascii = URI.create(uri.toASCIIString()); // what is not ASCII, percent-encoded
            String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
            String query = ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery();
            String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return "GET " + path + query + " HTTP/1.1\r\nHost: " + host
                    + "\r\nUser-Agent: jpm-health\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
        }
    }

    /** A TCP connection to {@code host:port}. */
    record Tcp(String host, int port) implements ProbeTarget {}

    /** A command, no shell: healthy on exit 0. */
    record Exec(List<String> argv) implements ProbeTarget {}

    /** How a result's message begins: {@code GET http://127.0.0.1:3001/health}, {@code tcp 127.0.0.1:5432}, {@code exec pg_isready}. */
    default String label() {
        return switch (this) {
            case Http h -> "GET " + h.uri();
            case Tcp t -> "tcp " + (t.host().contains(":") ? "[" + t.host() + "]" : t.host()) + ":" + t.port();
            case Exec e -> "exec " + String.join(" ", e.argv());
        };
    }

    /** The kind, as describe shows it. */
    static String kind(HealthCheck c) {
        return c.http() != null ? "http" : c.tcp() != null ? "tcp" : "exec";
    }

    /** The check's templates as written: its URL, {@code host:port} or command. */
    static String written(HealthCheck c) {
        return c.http() != null ? c.http() : c.tcp() != null ? c.tcp() : String.join(" ", c.exec());
    }

    /**
     * The check for one instance, its templates filled from the instance's environment.
     *
     * @throws IllegalArgumentException naming what is wrong (an unset variable, a URL that is no
     *     http(s) URL, a tcp target that is no {@code host:port})
     */
    static ProbeTarget of(HealthCheck c, java.util.Map<String, String> env) {
        try {
            if (c.http() != null) return http(ProbeTemplate.fill(c.http(), env));
            if (c.tcp() != null) return tcp(ProbeTemplate.fill(c.tcp(), env));
            return new Exec(ProbeTemplate.fill(c.exec(), env));
        } catch (ProbeTemplate.UnsetVariable e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    static Http http(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host");
        }
        return new Http(uri);
    }

    /** {@code host:port}, {@code [v6]:port}. */
    static Tcp tcp(String target) {
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "" : target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = -1;
        try {
            if (colon >= 0) port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + target + "' is not host:port (a port from 1 to 65535)");
        }
        return new Tcp(host, port);
    }

    /** Why an HTTP request or a connection failed, in a few words ({@code connection refused}, {@code timed out after 2000 ms}). */
    static String failure(Throwable t, long timeoutMs) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        String message = t.getMessage();
        return switch (t) {
            case java.net.http.HttpTimeoutException x -> timedOut(timeoutMs);
            case java.net.SocketTimeoutException x -> timedOut(timeoutMs);
            case java.nio.channels.InterruptedByTimeoutException x -> timedOut(timeoutMs);
            case java.net.ConnectException x when message == null || message.toLowerCase(java.util.Locale.ROOT).contains("refused") ->
                    "connection refused";
            case java.nio.channels.UnresolvedAddressException x -> "unknown host";
            case java.net.UnknownHostException x -> "unknown host" + (message == null ? "" : " " + message);
            case java.nio.channels.ClosedChannelException x -> "connection closed";
            default -> message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        };
    }

    static String timedOut(long timeoutMs) {
        return "timed out after " + timeoutMs + " ms";
    }

    /**
     * Whether a host is an IP address as written (no name to look up, which could block): then
     * the probe is started on the caller's thread rather than handed to a thread that may wait.
     */
    static boolean literalAddress(String host) {
        if (host == null || host.isEmpty()) return false;
        if (host.startsWith("[") || host.indexOf(':') >= 0) return true; // IPv6, with or without the brackets of a URI
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') dots++;
            else if (c < '0' || c > '9') return false;
        }
        return dots == 3;
    }

    /** Whether an HTTP status is a pass: 2xx or 3xx (redirects are not followed). */
    static boolean passes(int httpStatus) {
        return httpStatus >= 200 && httpStatus < 400;
    }
}
