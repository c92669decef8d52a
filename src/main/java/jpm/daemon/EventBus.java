package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.daemon.events.DaemonEvent;

/**
 * The daemon's in-process event bus: synchronous, on the loop thread. {@link #publish} calls every
 * subscriber in the order they subscribed, before it returns, so a subscriber sees the state the
 * event describes and no event waits in a queue. A subscriber may publish in turn (depth first).
 * Subscribers get the live objects the event is about, which stay inside the daemon; clients see
 * only the {@link DaemonEvent}.
 */
final class EventBus {
    /** One subscriber. {@code app} and {@code instance} are what the event is about (instance null for app events). */
    @FunctionalInterface
    interface Subscriber {
        void on(DaemonEvent event, App app, Instance instance);
    }

    private final List<Subscriber> subscribers = new ArrayList<>();

    /** Subscribes for the daemon's life (components subscribe once, when they are built). */
    void subscribe(Subscriber s) {
        subscribers.add(s);
    }

    void publish(DaemonEvent event, App app, Instance instance) {
        for (int i = 0; i < subscribers.size(); i++) subscribers.get(i).on(event, app, instance);
    }
}
