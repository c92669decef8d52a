package jpm.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The two Server-Sent-Events streams a page opens: the live picture (instances, events, samples)
 * from the {@link Hub}, and an app's log tail ({@link LogTail}). Each runs on the request's own
 * virtual thread until the browser goes away (a write fails) or the dashboard stops.
 */
final class Streams {
    /** A comment line this often, so a closed page is noticed and proxies keep the stream open. */
    static final long KEEP_ALIVE_MS = 15_000;

    private final Hub hub;

    Streams(Hub hub) {
        this.hub = hub;
    }

    void pictures(HttpExchange ex, String app) throws IOException {
        Viewer v = new Viewer(app == null || app.isEmpty() ? null : app);
        OutputStream out = open(ex);
        hub.join(v);
        if (v.app != null) v.offer(Viewer.frame("transitions", jpm.json.Json.write(hub.transitions(v.app))));
        try {
            while (!v.overflowed()) {
                String frame = v.next(KEEP_ALIVE_MS);
                write(out, frame == null ? ": keep-alive\n\n" : frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away
        } finally {
            hub.leave(v);
        }
    }

    void logs(HttpExchange ex, String app) throws IOException {
        OutputStream out = open(ex);
        LogTail tail = new LogTail(app);
        try {
            long refreshed = 0;
            long quietSince = System.nanoTime();
            StringBuilder batch = new StringBuilder();
            while (!Thread.currentThread().isInterrupted()) {
                if (System.nanoTime() - refreshed > LogTail.REFRESH_MS * 1_000_000) {
                    tail.update(hub.instances());
                    refreshed = System.nanoTime();
                }
                tail.poll(batch::append);
                if (!batch.isEmpty()) {
                    write(out, batch.toString());
                    batch.setLength(0);
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > KEEP_ALIVE_MS * 1_000_000) {
                    write(out, ": keep-alive\n\n");
                    quietSince = System.nanoTime();
                }
                Thread.sleep(LogTail.POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away
        } finally {
            tail.close();
        }
    }

    private static OutputStream open(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        write(out, "retry: 1000\n\n");
        return out;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
