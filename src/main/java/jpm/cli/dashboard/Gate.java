package jpm.cli.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the dashboard: decides on one request from its method, headers and the token in
 * its URL, without I/O. Every request needs the token (in the URL once, then in the cookie this
 * sets, or in the {@code X-Jpm-Token} header); actions (POST) need it in the header and must come
 * from the dashboard's own pages (Origin, Sec-Fetch-Site), so a page the user visits elsewhere
 * cannot drive jpm (CSRF). On a loopback bind the Host header must name a loopback address, so a
 * DNS-rebinding page cannot reach it under its own name either.
 */
public final class Gate {
    public static final String HEADER = "X-Jpm-Token";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    private final byte[] token;
    private final int port;
    private final boolean loopbackOnly;

    /** @param loopbackOnly true when bound to a loopback address: Host must then be one */
    public Gate(String token, int port, boolean loopbackOnly) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.port = port;
        this.loopbackOnly = loopbackOnly;
    }

    /** What a request carries that matters here; null for an absent header. */
    public record Request(String method, String path, String queryToken, String cookieHeader, String headerToken,
                          String host, String origin, String secFetchSite) {}

    public sealed interface Decision {}

    /** Serve it. */
    public record Allow() implements Decision {}

    /** A valid token in the URL: set the cookie and send the browser to the same path without it. */
    public record MoveTokenToCookie(String setCookie, String location) implements Decision {}

    /** No valid token: 401. */
    public record Unauthorized(String why) implements Decision {}

    /** A token, but from where it may not come: 403. */
    public record Forbidden(String why) implements Decision {}

    /** The cookie's name: one per port, as browsers share cookies between the ports of a host. */
    public String cookieName() {
        return "jpm_dashboard_" + port;
    }

    public Decision decide(Request r) {
        if (loopbackOnly && !loopbackHost(r.host())) {
            return new Forbidden("the Host header must name 127.0.0.1, localhost or [::1]");
        }
        boolean post = "POST".equals(r.method());
        if (!post && !"GET".equals(r.method()) && !"HEAD".equals(r.method())) return new Forbidden("only GET and POST are served");
        if (post) {
            if (r.headerToken() == null || !matches(r.headerToken())) {
                return validCookie(r.cookieHeader()) ? new Forbidden("an action needs the token in the " + HEADER + " header")
                        : new Unauthorized("no valid token");
            }
            if (r.secFetchSite() != null && !r.secFetchSite().equals("same-origin")) {
                return new Forbidden("cross-site request (Sec-Fetch-Site: " + r.secFetchSite() + ")");
            }
            if (r.origin() != null && !sameOrigin(r.origin(), r.host())) return new Forbidden("cross-origin request from " + r.origin());
            return new Allow();
        }
        if (r.queryToken() != null) {
            if (!matches(r.queryToken())) return new Unauthorized("wrong token");
            return new MoveTokenToCookie(cookieName() + "=" + new String(token, StandardCharsets.UTF_8)
                    + "; Path=/; HttpOnly; SameSite=Strict", r.path());
        }
        if (r.headerToken() != null && matches(r.headerToken())) return new Allow();
        return validCookie(r.cookieHeader()) ? new Allow() : new Unauthorized("no valid token");
    }

    /** Constant time in the token's content: a timing difference must not tell how much of a guess was right. */
    boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private boolean validCookie(String header) {
        if (header == null) return false;
        String name = cookieName() + "=";
        boolean found = false;
        for (String part : header.split(";")) {
            String p = part.strip();
            // every cookie of that name is checked, so the answer does not depend on which one matched first
            if (p.startsWith(name) && matches(p.substring(name.length()))) found = true;
        }
        return found;
    }

    /** The host part of a Host header value (without the port), lower case; brackets kept for IPv6. */
    static String hostPart(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static boolean loopbackHost(String host) {
        return host != null && LOOPBACK_HOSTS.contains(hostPart(host));
    }

    /** Origin {@code http://HOST} equals the Host header the request was sent to (scheme http: the dashboard serves no TLS). */
    static boolean sameOrigin(String origin, String host) {
        return host != null && origin.toLowerCase(Locale.ROOT).equals("http://" + host.strip().toLowerCase(Locale.ROOT));
    }
}
