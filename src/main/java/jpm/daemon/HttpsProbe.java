package jpm.daemon;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The probe of an {@code https://} URL: a GET through the JDK's HttpClient (TLS is not worth a
 * client of jpm's own; it costs more CPU per probe than {@link HttpProbeConnection}, docs/health.md).
 * The client keeps its connections alive by itself.
 */
final class HttpsProbe implements NetProbe {
    private final HttpClient client;
    private final HttpRequest request;
    private final long timeoutMs;
    private final Executor io;
    private volatile CompletableFuture<?> exchange;

    HttpsProbe(HttpClient client, ProbeTarget.Http target, long timeoutMs, Executor io) {
        this.client = client;
        this.request = HttpRequest.newBuilder(target.uri()).timeout(Duration.ofMillis(timeoutMs)).header("User-Agent", "jpm-health")
                .GET().build();
        this.timeoutMs = timeoutMs;
        this.io = io;
    }

    @Override
    public void start(Answer answer) {
        // the client looks a host name up, and starts the exchange, in the caller's thread: not the loop's
        io.execute(() -> {
            CompletableFuture<HttpResponse<Void>> f = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            exchange = f;
            f.whenComplete((response, failure) -> {
                long end = System.nanoTime();
                if (failure != null) answer.answered(false, ProbeTarget.failure(failure, timeoutMs), end);
                else answer.answered(ProbeTarget.passes(response.statusCode()), "HTTP " + response.statusCode(), end);
            });
        });
    }

    @Override
    public void abort() {
        CompletableFuture<?> f = exchange;
        if (f != null) f.cancel(true);
    }
}
