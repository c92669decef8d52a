package jpm.rpc;

import java.util.List;

/** Everything the daemon answers. Errors are values ({@link Failure}), never serialized exceptions. */
public sealed interface Response {
    record Welcome(int protocol, String version, long pid) implements Response {}

    /**
     * @param lastScanMicros how long the daemon's last /proc scan (metrics, memory limits, reaping) took
     * @param build the file the daemon's code was loaded from (its private jar copy, named by content)
     */
    record Pong(long pid, long uptimeMs, String version, int apps, int instances, long lastScanMicros, String build)
            implements Response {}

    /** The instances a command acted on or listed, in id order. */
    record Instances(List<InstanceInfo> instances) implements Response {}

    record Describe(List<AppDetail> apps) implements Response {}

    /** The daemon's figures and every instance (in id order), taken in one step of the daemon. */
    record Metrics(DaemonFigures daemon, List<InstanceInfo> instances) implements Response {}

    record Done(String message) implements Response {}

    /**
     * {@code jpm update}: the daemon saved its state and exits now without stopping any app.
     * @param systemd the daemon runs under systemd, which starts its successor (the client must not)
     */
    record HandedOver(long pid, int instances, boolean systemd) implements Response {}

    /** @param removed the journal of apps of ecosystem files removed by a command, oldest first (absent from older daemons) */
    record Observed(long generation, List<ObservedApp> apps, List<RemovedApp> removed) implements Response {
        public Observed {
            removed = removed == null ? List.of() : List.copyOf(removed);
        }

        public Observed(long generation, List<ObservedApp> apps) {
            this(generation, apps, List.of());
        }
    }

    /** The revisions {@link Request.History} asked for, oldest first. */
    record History(List<Revision> revisions) implements Response {}

    /**
     * A batch was applied; the desired state is now at {@code generation}.
     *
     * @param revision the number of the revision the batch recorded, or null when it recorded none
     */
    record Executed(long generation, Integer revision) implements Response {
        public Executed(long generation) {
            this(generation, null);
        }
    }

    /**
     * A subscription is open; events follow.
     *
     * @param note for humans, or null: a target that names nothing yet, for instance
     */
    record Subscribed(String note) implements Response {}

    /** One event of a subscription, in the JSON form docs/events.md documents (kept as plain values). */
    record Event(Object event) implements Response {}

    /** The subscriber read too slowly and missed {@code count} events here; later ones follow. */
    record Dropped(long count) implements Response {}

    /** The sync sources asked about or acted on ({@code jpm sync add|ls|now}). */
    record SyncSources(List<SyncSourceInfo> sources) implements Response {}

    /**
     * @param code a stable machine-readable code (see {@link ErrorCode}); message is for humans
     */
    record Failure(String code, String message) implements Response {}
}
