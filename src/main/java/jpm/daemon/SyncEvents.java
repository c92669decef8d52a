package jpm.daemon;

import java.time.Clock;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import jpm.sync.SyncService;

/** What the sync thread reports, published on the bus from the loop ({@code sync_applied}, {@code sync_failed}). */
final class SyncEvents implements SyncService.Listener {
    /** A sync source's events are about no app. */
    static final Subject NO_APP = new Subject(null, null, null, null, null);

    private final EventLoop loop;
    private final EventBus bus;
    private final Clock clock;

    SyncEvents(EventLoop loop, EventBus bus, Clock clock) {
        this.loop = loop;
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public void applied(String source, String commit, String summary) {
        loop.post(() -> bus.publish(new DaemonEvent.SyncApplied(NO_APP, clock.instant(), "sync " + source + ": applied " + shortName(commit),
                source, commit, summary), null, null));
    }

    @Override
    public void failed(String source, String commit, String error, String restored) {
        loop.post(() -> bus.publish(new DaemonEvent.SyncFailed(NO_APP, clock.instant(), "sync " + source + ": "
                + (commit == null ? "fetch failed" : shortName(commit) + " failed"), source, commit, error, restored), null, null));
    }

    /** As GitCommit.shortName(String): the daemon's core does not use jpm.rpc (ArchitectureTest). */
    private static String shortName(String commit) {
        return commit == null ? "-" : commit.substring(0, Math.min(12, commit.length()));
    }
}
