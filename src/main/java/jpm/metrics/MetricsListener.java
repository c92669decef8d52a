package jpm.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jpm.home.JpmHome;
import jpm.rpc.Response;

/**
 * The daemon's opt-in HTTP listener for Prometheus (docs/metrics.md): the Prometheus client's
 * {@link HTTPServer} (content negotiation, gzip, {@code name[]} filters) behind {@link ScrapeGate}
 * (Host check, bearer token, GET /metrics only). A scrape asks the daemon the {@code metrics}
 * request, which its loop answers like any client's, and waits for it at most
 * {@link #ANSWER_TIMEOUT}: nothing here touches the daemon's state or holds its loop.
 */
public final class MetricsListener implements AutoCloseable {
    /** Longer than the daemon ever takes to answer, shorter than Prometheus' default scrape timeout (10 s). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The exporter logs a failed scrape with its stack trace through java.util.logging (to
     * daemon.log): {@link #collect} logs one line instead. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger EXPORTER_LOG =
            java.util.logging.Logger.getLogger("io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter");

    private final HTTPServer server;
    private final String url;

    private MetricsListener(HTTPServer server, String url) {
        this.server = server;
        this.url = url;
    }

    public String url() {
        return url;
    }

    /**
     * Starts a listener on {@code address} (ADDR as the user wrote it), or says why it cannot. A
     * daemon supervises apps first: a listener that cannot start is logged and reported to
     * {@code report} (url null, the reason), and the daemon goes on without it.
     *
     * @param ask asks the daemon the {@code metrics} request
     * @param report gets the URL served and null, or null and why nothing is served
     * @return the listener, or null
     */
    public static MetricsListener start(String address, JpmHome home, Supplier<CompletableFuture<Response>> ask,
                                        BiConsumer<String, String> report, Consumer<String> log) {
        try {
            MetricsListener l = open(ListenAddress.parse(address), home, ask, log);
            report.accept(l.url(), null);
            return l;
        } catch (IOException | RuntimeException e) { // a bad address, a bind, the token file
            String why = "cannot listen on " + address + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            log.accept("metrics: " + why + "; the daemon runs without a metrics listener");
            report.accept(null, why);
            return null;
        }
    }

    private static MetricsListener open(ListenAddress address, JpmHome home, Supplier<CompletableFuture<Response>> ask,
                                        Consumer<String> log) throws IOException {
        InetAddress ip = resolve(address.host());
        boolean local = ip.isLoopbackAddress();
        String token = MetricsToken.readOrCreate(home.metricsToken());
        ScrapeGate gate = new ScrapeGate(token, names(address, local));
        limitTheJdkServer();
        PrometheusRegistry registry = new PrometheusRegistry();
        EXPORTER_LOG.setLevel(java.util.logging.Level.OFF);
        registry.register((MultiCollector) () -> collect(ask, log));
        ThreadPoolExecutor threads = new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                r -> Thread.ofPlatform().name("jpm-metrics-http").daemon().unstarted(r), new ThreadPoolExecutor.CallerRunsPolicy());
        HTTPServer server = HTTPServer.builder(PrometheusProperties.builder().build())
                .inetAddress(ip).port(address.port())
                .registry(registry)
                .authenticator(new GateAuthenticator(gate))
                .defaultHandler(exchange -> { // the gate answers every path but /metrics; this is never reached
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                })
                .registerHealthHandler(false)
                .executorService(threads)
                .buildAndStart();
        String url = "http://" + address.hostForUrl() + ":" + server.getPort() + ScrapeGate.PATH;
        log.accept("metrics: serving " + url + " (bearer token in " + home.metricsToken() + ")");
        if (!local) {
            log.accept("metrics: warning: " + address.hostForUrl() + " (" + ip.getHostAddress() + ") is reachable from other"
                    + " machines; every request needs the bearer token, sent in clear text over HTTP");
        }
        return new MetricsListener(server, url);
    }

    /** An IP literal without DNS; a name resolved now (the daemon binds once). */
    private static InetAddress resolve(String host) throws IOException {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return InetAddress.getByName(host);
        }
    }

    /**
     * The names a Host header may carry: localhost, the name the address was written with, and
     * for a listener other machines reach, this machine's name (from the kernel: no DNS).
     */
    static Set<String> names(ListenAddress address, boolean loopback) {
        Set<String> names = new HashSet<>();
        names.add("localhost");
        names.add(address.host().toLowerCase(Locale.ROOT));
        if (!loopback) {
            try {
                String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
                if (!host.isEmpty()) names.add(host);
            } catch (IOException e) {
                // no name: IP literals and the address's own name still work
            }
        }
        return names;
    }

    /**
     * Bounds of the JDK's HTTP server, set before its first use unless the daemon's JVM options
     * chose others: a request must arrive within 10 s (a client that trickles bytes holds no
     * thread for long), an answer leave within 30 s, and at most 32 connections are open.
     */
    private static void limitTheJdkServer() {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) System.setProperty("sun.net.httpserver.maxReqTime", "10");
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) System.setProperty("sun.net.httpserver.maxRspTime", "30");
        if (System.getProperty("jdk.httpserver.maxConnections") == null) System.setProperty("jdk.httpserver.maxConnections", "32");
    }

    /** One scrape: the daemon's answer as metric families; a failure or a timeout is a 500 for this scrape only. */
    private static MetricSnapshots collect(Supplier<CompletableFuture<Response>> ask, Consumer<String> log) {
        Response r;
        try {
            r = ask.get().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the daemon", log);
        } catch (ExecutionException e) {
            throw failed("the daemon failed to answer: " + e.getCause(), log);
        } catch (TimeoutException e) {
            throw failed("the daemon did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s", log);
        }
        if (r instanceof Response.Metrics m) return MetricFamilies.of(m.daemon(), m.instances());
        throw failed("the daemon answered " + r, log);
    }

    private static IllegalStateException failed(String why, Consumer<String> log) {
        log.accept("metrics: a scrape got 500: " + why);
        return new IllegalStateException(why);
    }

    @Override
    public void close() {
        server.close();
    }

    /** The gate, where the JDK's server asks before any handler runs. */
    private static final class GateAuthenticator extends Authenticator {
        private final ScrapeGate gate;

        GateAuthenticator(ScrapeGate gate) {
            this.gate = gate;
        }

        @Override
        public Result authenticate(HttpExchange exchange) {
            ScrapeGate.Verdict v = gate.decide(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Authorization"));
            return switch (v) {
                case SERVE -> new Success(new HttpPrincipal("scraper", "jpm"));
                case NO_TOKEN -> {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jpm metrics\"");
                    yield new Failure(v.status);
                }
                case NOT_GET -> {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    yield new Failure(v.status);
                }
                case WRONG_HOST, NOT_FOUND -> new Failure(v.status);
            };
        }
    }
}
