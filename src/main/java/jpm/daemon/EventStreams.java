package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.daemon.events.DaemonEvent;
import jpm.rpc.ErrorCode;
import jpm.rpc.FrameQueue;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.WireCodec;

/**
 * The bus as clients see it: every subscription's filter and queue. A subscriber of the
 * in-daemon bus, on the loop thread: each event is encoded once, the first time a subscription
 * wants it, and offered to every queue that wants it, which never blocks. With no subscription
 * an event costs one check.
 */
final class EventStreams implements EventBus.Subscriber {
    private record Feed(StreamFilter filter, FrameQueue queue) {}

    private final Apps apps;
    /** The loop's alone. */
    private final List<Feed> feeds = new ArrayList<>();

    EventStreams(Apps apps, EventBus bus) {
        this.apps = apps;
        bus.subscribe(this);
    }

    /** On the loop: opens a subscription, or answers why not. Events published after this return reach it. */
    Response open(Request.Subscribe request, FrameQueue queue) {
        List<StreamFilter.Known> known = new ArrayList<>();
        for (App a : apps.all()) known.add(new StreamFilter.Known(a.spec.namespace(), a.spec.name(), a.instances.stream().map(i -> i.id).toList()));
        StreamFilter filter;
        try {
            filter = StreamFilter.of(request.target(), request.types(), known);
        } catch (IllegalArgumentException e) {
            return new Response.Failure(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        feeds.removeIf(f -> f.queue().isClosed());
        feeds.add(new Feed(filter, queue));
        return new Response.Subscribed(filter.note());
    }

    @Override
    public void on(DaemonEvent event, App app, Instance instance) {
        if (feeds.isEmpty()) return;
        String frame = null;
        for (int i = 0; i < feeds.size(); i++) {
            Feed f = feeds.get(i);
            if (f.queue().isClosed()) {
                feeds.remove(i--);
                continue;
            }
            if (!f.filter().test(event)) continue;
            if (frame == null) frame = WireCodec.encode(new Response.Event(EventJson.tree(event)));
            if (!f.queue().offer(frame)) feeds.remove(i--);
        }
    }

    /** How many subscriptions are open (for ping and the tests). */
    int count() {
        feeds.removeIf(f -> f.queue().isClosed());
        return feeds.size();
    }
}
