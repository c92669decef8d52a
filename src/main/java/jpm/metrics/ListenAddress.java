package jpm.metrics;

/**
 * Where the metrics listener binds, as the user wrote it: {@code HOST:PORT} ({@code [V6]:PORT} for
 * an IPv6 address), or a port alone for 127.0.0.1. HOST is an IP address or a name; port 0 picks a
 * free port. Pure: names are resolved at bind time.
 *
 * <p>There is no default host other than loopback, and {@code :PORT} is refused rather than read
 * as "every interface" (Go's exporters read it so): a listener reachable from other machines is
 * only ever made from an address written out, such as {@code 0.0.0.0:9615}.
 *
 * @param host an IP literal (an IPv6 one without brackets) or a host name
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (host == null || host.isEmpty()) throw new IllegalArgumentException("a host is required");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }

    /** Reads ADDR; an IllegalArgumentException says what is wrong with it, for a message beginning "--metrics ADDR: ". */
    public static ListenAddress parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) throw new IllegalArgumentException("empty address: write HOST:PORT, e.g. 127.0.0.1:9615");
        if (t.chars().allMatch(Character::isDigit)) return new ListenAddress("127.0.0.1", port(t, text));
        if (t.contains("/")) throw new IllegalArgumentException("'" + text + "': write HOST:PORT, not a URL, e.g. 127.0.0.1:9615");
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address as [ADDRESS]:PORT, e.g. [::1]:9615");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
            if (!host.contains(":")) throw new IllegalArgumentException("'" + text + "': only an IPv6 address goes in brackets");
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException("'" + text + "' has no port: write HOST:PORT, e.g. 127.0.0.1:9615");
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.contains(":")) throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:9615");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' names no host: write 127.0.0.1" + t
                        + " for this machine only, or 0.0.0.0" + t + " to be reachable from other machines");
            }
        }
        if (!host.matches("[A-Za-z0-9.:%_-]+")) throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
        return new ListenAddress(host, port(port, text));
    }

    private static int port(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number from 0 to 65535");
        }
        int p = Integer.parseInt(digits);
        if (p > 65_535) throw new IllegalArgumentException("'" + text + "': the port must be a number from 0 to 65535");
        return p;
    }

    /** The host as a URL or Host header writes it: IPv6 literals in brackets. */
    public String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return hostForUrl() + ":" + port;
    }
}
