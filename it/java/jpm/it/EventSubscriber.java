package jpm.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/** A subscriber to a daemon's events in the test's JVM: subscribed once the constructor returns, reading on a thread of its own. */
public final class EventSubscriber implements AutoCloseable {
    final RpcClient client;
    final List<Response> frames = new ArrayList<>();
    volatile boolean ended;
    final Thread reader;

    public EventSubscriber(Path socket, String target, String... types) throws IOException {
        client = RpcClient.connect(socket, "it");
        client.send(new Request.Subscribe(target, List.of(types)));
        Response first = client.read();
        if (!(first instanceof Response.Subscribed)) throw new AssertionError("not subscribed: " + first);
        reader = Thread.ofVirtual().start(() -> {
            try {
                for (Response r = client.read(); r != null; r = client.read()) {
                    synchronized (frames) {
                        frames.add(r);
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
            ended = true;
        });
    }

    List<Map<String, Object>> events() {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (frames) {
            for (Response r : frames) {
                if (r instanceof Response.Event e) out.add(cast(e.event()));
            }
        }
        return out;
    }

    List<String> types(String app) {
        return events().stream().filter(e -> app.equals(subject(e).get("name"))).map(e -> (String) e.get("type")).toList();
    }

    List<Response> notEvents() {
        synchronized (frames) {
            return frames.stream().filter(r -> !(r instanceof Response.Event)).toList();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> subject(Map<String, Object> e) {
        return cast(e.get("subject"));
    }
}
