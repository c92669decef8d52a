package jpm.cli.dashboard;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open page's stream: the frames waiting for its connection, in a bounded queue. The hub
 * offers and never waits; a page that reads too slowly to keep up is cut off (its browser
 * reconnects and starts again from a fresh snapshot).
 */
final class Viewer {
    static final int QUEUE = 1000;

    /** The app the page shows (namespace/name), or null for the main page. */
    final String app;
    private final BlockingQueue<String> frames = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean overflowed;

    Viewer(String app) {
        this.app = app;
    }

    boolean wants(String eventApp) {
        return app == null || app.equals(eventApp);
    }

    /** An SSE frame: {@code event: NAME} and one data line (JSON has no raw line breaks). */
    static String frame(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    void offer(String frame) {
        if (!frames.offer(frame)) overflowed = true;
    }

    /** The next frame, or null after the timeout (the caller then sends a keep-alive). */
    String next(long timeoutMs) throws InterruptedException {
        return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    boolean overflowed() {
        return overflowed;
    }
}
