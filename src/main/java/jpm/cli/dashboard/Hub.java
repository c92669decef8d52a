package jpm.cli.dashboard;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import jpm.json.Json;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/**
 * The dashboard's live model, fed by the daemon's bus: one subscription to every event (as
 * {@code jpm events} has), whose events go to the open pages at once, and after each burst of
 * events a fresh list of instances, so a status changes on the page as it changes in the daemon.
 * The same list is also taken every {@link #SAMPLE_MS} for the cpu and memory charts
 * ({@link History}). Two threads: the bus reader and the sampler; pages only read what they hold.
 */
final class Hub implements AutoCloseable {
    static final long SAMPLE_MS = 2000;
    /** How long the sampler waits after an event for the rest of its burst (exited, restart_scheduled, starting, ...). */
    static final long BURST_MS = 60;
    static final long RETRY_MS = 1000;
    static final int RECENT_EVENTS = 300;

    private final Backend backend;
    private final Set<Viewer> viewers = new CopyOnWriteArraySet<>();
    private final History history = new History(10 * 60_000, 300);
    private final ArrayDeque<Map<?, ?>> recent = new ArrayDeque<>();
    private List<InstanceInfo> instances = List.of();
    private boolean daemonUp;
    private boolean nudged;
    private volatile boolean closed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile RpcClient busClient;

    Hub(Backend backend) {
        this.backend = backend;
    }

    void start() {
        threads.add(Thread.ofPlatform().daemon().name("jpm-dashboard-bus").start(this::readBus));
        threads.add(Thread.ofPlatform().daemon().name("jpm-dashboard-sampler").start(this::sample));
    }

    /** Registers a page's stream and queues its first frame: the whole picture it starts from. */
    void join(Viewer v) {
        synchronized (this) {
            Map<String, Object> hello = picture(v.app);
            List<Object> events = new ArrayList<>();
            for (Map<?, ?> e : recent) if (v.wants(Shapes.appOf(e))) events.add(e);
            hello.put("events", events);
            v.offer(Viewer.frame("hello", Json.write(hello)));
            viewers.add(v);
        }
    }

    /**
     * An app's earlier status changes, as {@code jpm describe} keeps them (the daemon keeps no
     * events, and this hub only those since it started): {@code [{at, id, from, to, cause}]}, oldest first.
     */
    List<Map<String, Object>> transitions(String app) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (RpcClient c = backend.connect()) {
            if (c == null || !(c.call(new Request.Describe(app, false)) instanceof Response.Describe d)) return out;
            for (jpm.rpc.AppDetail a : d.apps()) {
                for (jpm.rpc.InstanceDetail i : a.details()) {
                    for (jpm.rpc.TransitionRecord t : i.history()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("at", t.at());
                        m.put("id", i.id());
                        m.put("from", t.from());
                        m.put("to", t.to());
                        m.put("cause", t.cause());
                        out.add(m);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the page then shows the events from now on only
        }
        out.sort(java.util.Comparator.comparing(m -> String.valueOf(m.get("at"))));
        return out;
    }

    void leave(Viewer v) {
        viewers.remove(v);
    }

    /** The instances as last seen (the log tail follows their files). */
    synchronized List<InstanceInfo> instances() {
        return instances;
    }

    /** Instances, app rows, whether the daemon answers, and for an app page the chart samples of its instances. */
    private Map<String, Object> picture(String app) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<InstanceInfo> shown = app == null ? instances : instances.stream().filter(i -> Shapes.appOf(i).equals(app)).toList();
        m.put("daemon", daemonUp ? "up" : "down");
        m.put("at_ms", System.currentTimeMillis());
        m.put("apps", Shapes.apps(shown));
        m.put("instances", Shapes.instances(shown));
        if (app != null) {
            Map<String, Object> samples = new LinkedHashMap<>();
            for (InstanceInfo i : shown) samples.put(Long.toString(i.id()), Shapes.samples(history.of(i.id())));
            m.put("samples", samples);
        }
        return m;
    }

    private void broadcastPicture() {
        // one encoding per page kind: the main page's, and each app page's own
        Map<String, String> byApp = new java.util.HashMap<>();
        for (Viewer v : viewers) {
            String key = v.app == null ? "" : v.app;
            String json = byApp.computeIfAbsent(key, k -> Json.write(picture(v.app)));
            v.offer(Viewer.frame("picture", json));
        }
    }

    private synchronized void nudge() {
        nudged = true;
        notifyAll();
    }

    /** The bus reader: subscribes to every event; after the daemon went away, tries again each second. */
    private void readBus() {
        while (!closed) {
            try (RpcClient c = backend.connect()) {
                if (c == null) {
                    pause(RETRY_MS);
                    continue;
                }
                busClient = c;
                c.send(new Request.Subscribe(null, List.of()));
                if (c.read() instanceof Response.Failure f) throw new IOException(f.message());
                nudge(); // the picture may have changed while nobody listened
                while (!closed) {
                    Response r = c.read();
                    if (r instanceof Response.Event e && e.event() instanceof Map<?, ?> event) {
                        onEvent(event);
                    } else if (r instanceof Response.Failure f) {
                        throw new IOException(f.message());
                    }
                }
            } catch (EOFException e) {
                nudge(); // the daemon went away: the sampler says so
            } catch (IOException | RuntimeException e) {
                if (!closed) pause(RETRY_MS);
            }
        }
    }

    private void onEvent(Map<?, ?> event) {
        String app = Shapes.appOf(event);
        String frame = Viewer.frame("event", Json.write(event));
        synchronized (this) {
            recent.addLast(event);
            while (recent.size() > RECENT_EVENTS) recent.removeFirst();
        }
        for (Viewer v : viewers) if (v.wants(app)) v.offer(frame);
        nudge();
    }

    /** The sampler: a fresh list after each burst of events, and every SAMPLE_MS for the charts. */
    private void sample() {
        RpcClient c = null;
        while (!closed) {
            try {
                synchronized (this) {
                    if (!nudged) wait(SAMPLE_MS);
                }
                if (nudged) Thread.sleep(BURST_MS);
                synchronized (this) {
                    nudged = false;
                }
                if (c == null) c = backend.connect();
                List<InstanceInfo> now = c == null ? null : ((Response.Instances) c.call(new Request.ListInstances())).instances();
                synchronized (this) {
                    daemonUp = now != null;
                    if (now != null) {
                        instances = now;
                        history.add(System.currentTimeMillis(), now);
                    }
                    broadcastPicture();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                closeQuietly(c);
                c = null;
                synchronized (this) {
                    daemonUp = false;
                    broadcastPicture();
                }
            }
        }
        closeQuietly(c);
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private static void closeQuietly(RpcClient c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // going away anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(busClient);
        threads.forEach(Thread::interrupt);
    }
}
