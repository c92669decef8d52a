package jpm.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Which HTTP requests the metrics listener serves, decided before anything is read from the
 * daemon. Pure: a request's method, path, Host and Authorization headers in, a status out.
 *
 * <p>In order: a Host that is not one of the listener's names gets 403 (a web page that rebinds
 * its DNS name to 127.0.0.1 reaches the listener with its own name as Host); a request without
 * the bearer token gets 401; anything but GET /metrics gets 404 or 405. An IP literal as Host is
 * always accepted: rebinding needs a name.
 *
 * @param token the bearer token every request must carry
 * @param names the host names accepted besides IP literals (lower case): localhost, the name the
 *     address was written with, and for a listener reachable from other machines this machine's name
 */
public record ScrapeGate(String token, Set<String> names) {
    public static final String PATH = "/metrics";

    /** What the gate answers. */
    public enum Verdict {
        SERVE(200), WRONG_HOST(403), NO_TOKEN(401), NOT_FOUND(404), NOT_GET(405);

        public final int status;

        Verdict(int status) {
            this.status = status;
        }
    }

    public ScrapeGate {
        names = Set.copyOf(names);
    }

    public Verdict decide(String method, String path, String host, String authorization) {
        if (!hostAccepted(host)) return Verdict.WRONG_HOST;
        if (!bearerMatches(authorization)) return Verdict.NO_TOKEN;
        if (!PATH.equals(path)) return Verdict.NOT_FOUND;
        if (!"GET".equals(method)) return Verdict.NOT_GET;
        return Verdict.SERVE;
    }

    /** The Host header's host part (its port is not checked): an IP literal, or one of {@link #names}. */
    boolean hostAccepted(String header) {
        if (header == null || header.isBlank()) return false;
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) return false;
            String rest = h.substring(close + 1);
            return (rest.isEmpty() || rest.matches(":[0-9]{1,5}")) && isIpv6Literal(h.substring(1, close));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!h.substring(colon).matches(":[0-9]{1,5}")) return false;
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1); // the absolute form of a name
        return isIpv4Literal(h) || names.contains(h);
    }

    /** "Bearer TOKEN", the scheme in any case; compared in constant time. */
    boolean bearerMatches(String authorization) {
        if (authorization == null) return false;
        String a = authorization.strip();
        if (a.length() < 7 || !a.substring(0, 7).equalsIgnoreCase("bearer ")) return false;
        byte[] given = a.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isIpv4Literal(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    static boolean isIpv6Literal(String h) {
        return !h.isEmpty() && h.contains(":") && h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }
}
