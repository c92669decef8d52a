package jpm.daemon.events;

/** The wire name of each kind of event: one exhaustive switch, so a new kind cannot go unnamed. */
final class Types {
    private Types() {}

    static String of(DaemonEvent e) {
        return switch (e) {
            case DaemonEvent.Starting x -> "starting";
            case DaemonEvent.Spawned x -> "spawned";
            case DaemonEvent.Ready x -> "ready";
            case DaemonEvent.Online x -> "online";
            case DaemonEvent.Exited x -> "exited";
            case DaemonEvent.RestartScheduled x -> "restart_scheduled";
            case DaemonEvent.Waiting x -> "waiting";
            case DaemonEvent.StopRequested x -> "stop_requested";
            case DaemonEvent.Draining x -> "draining";
            case DaemonEvent.KillEscalated x -> "kill_escalated";
            case DaemonEvent.Stopped x -> "stopped";
            case DaemonEvent.Errored x -> "errored";
            case DaemonEvent.Deleted x -> "deleted";
            case DaemonEvent.Health x -> "health";
            case DaemonEvent.MemoryLimitExceeded x -> "memory_limit_exceeded";
            case DaemonEvent.CountersReset x -> "counters_reset";
            case DaemonEvent.WatchTriggered x -> "watch_triggered";
            case DaemonEvent.CronTriggered x -> "cron_triggered";
            case DaemonEvent.Message x -> "message";
            case DaemonEvent.ReloadStep x -> "reload_step";
            case DaemonEvent.AppCreated x -> "app_created";
            case DaemonEvent.AppUpdated x -> "app_updated";
            case DaemonEvent.AppRemoved x -> "app_removed";
            case DaemonEvent.SyncApplied x -> "sync_applied";
            case DaemonEvent.SyncFailed x -> "sync_failed";
        };
    }
}
