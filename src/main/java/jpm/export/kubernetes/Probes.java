package jpm.export.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jpm.ecosystem.Supervision.HealthCheck;

/**
 * An app's {@code health} as a Kubernetes probe: http → httpGet (the URL's path and port; the
 * kubelet asks the pod's IP), tcp → tcpSocket, exec → exec; interval → periodSeconds, timeout →
 * timeoutSeconds, retries → failureThreshold, start_period → initialDelaySeconds, each rounded
 * up to whole seconds. The URL's {@code ${VAR}} templates are filled from the app's env.
 */
final class Probes {
    private static final Pattern TEMPLATE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** A probe, or why there is none. */
    record Result(Probe probe, String problem) {}

    private Probes() {}

    static Result of(HealthCheck h, Map<String, String> env) {
        ProbeBuilder b = new ProbeBuilder()
                .withPeriodSeconds(seconds(h.intervalMs()))
                .withTimeoutSeconds(seconds(h.timeoutMs()))
                .withFailureThreshold(h.retries());
        if (h.startPeriodMs() > 0) b.withInitialDelaySeconds(seconds(h.startPeriodMs()));
        if (h.exec() != null) return new Result(b.withNewExec().withCommand(h.exec()).endExec().build(), null);
        String target = h.http() != null ? h.http() : h.tcp();
        Matcher m = TEMPLATE.matcher(target);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) return new Result(null, "the probe's ${" + m.group(1) + "} is not in the app's env");
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        if (h.http() != null) {
            URI uri;
            try {
                uri = new URI(filled.toString());
            } catch (URISyntaxException e) {
                return new Result(null, "the probe's URL " + filled + " is not a URL");
            }
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Result(b.withNewHttpGet().withPath(path).withPort(new IntOrString(port))
                    .withScheme(https ? "HTTPS" : "HTTP").endHttpGet().build(), null);
        }
        String text = filled.toString();
        int colon = text.lastIndexOf(':');
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}")) return new Result(null, "the probe's tcp " + text + " has no port number");
        return new Result(b.withNewTcpSocket().withPort(new IntOrString(Integer.parseInt(port))).endTcpSocket().build(), null);
    }

    /** Whole seconds, rounded up, at least 1. */
    static int seconds(long ms) {
        return (int) Math.max(1, (ms + 999) / 1000);
    }
}
