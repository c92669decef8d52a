package jpm.daemon;

import java.time.Clock;
import java.util.function.Consumer;
import jpm.daemon.events.DaemonEvent;

/**
 * Messages from apps onto the bus, as {@code message} events with the sender's identity, on the
 * loop. What is dropped (too long, not JSON) is counted per instance, shown by describe, and
 * logged at the 1st, 10th, 100th, ... drop of an instance, so a flood cannot fill daemon.log. A
 * message reaches only the bus and its subscribers: never another app.
 */
final class MessagesFromApps {
    private final EventBus bus;
    private final Clock clock;
    private final Consumer<String> log;

    MessagesFromApps(EventBus bus, Clock clock, Consumer<String> log) {
        this.bus = bus;
        this.clock = clock;
        this.log = log;
    }

    /** A parsed message from {@code inst}'s process; readiness is the caller's (it depends on wait_ready). */
    void received(Instance inst, AppMessages.Parsed parsed, String cause) {
        switch (parsed) {
            case AppMessages.Message m -> publish(inst, m.topic(), m.data(), cause);
            case AppMessages.Status s -> {
                inst.statusText = s.text();
                publish(inst, "status", s.text(), cause);
            }
            case AppMessages.Dropped d -> dropped(inst, d.reason() + " (" + cause + ")");
            case AppMessages.Ready r -> { }
            case AppMessages.Listening l -> { }
            case AppMessages.Internal i -> { }
        }
    }

    void dropped(Instance inst, String reason) {
        inst.messagesDropped++;
        inst.lastDropReason = reason;
        long n = inst.messagesDropped;
        if (Long.toString(n).matches("10*")) {
            log.accept(inst.app.spec.id() + "#" + inst.index + ": dropped a message: " + reason + " (" + n + " dropped so far)");
        }
    }

    private void publish(Instance inst, String topic, Object data, String cause) {
        bus.publish(new DaemonEvent.Message(Apps.subject(inst), clock.instant(), cause, topic, data), inst.app, inst);
    }
}
