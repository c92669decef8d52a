package jpm.daemon.events;

import java.time.Instant;

/**
 * Something that happened in the daemon, published on its event bus in the order it happened.
 * Records are a public contract (docs/events.md): their components, in snake_case, are the keys
 * clients see, and {@link #type()} names the kind. New kinds and new components may be added;
 * none is renamed or removed.
 */
public sealed interface DaemonEvent {
    Subject subject();

    Instant at();

    /** Why it happened: who asked ("user: jpm stop", "apply: launch changed") or what was seen ("exit code 1"). */
    String cause();

    /** The kind, as clients see it (snake_case). */
    default String type() {
        return Types.of(this);
    }

    // ---- an instance's life (derived from the state machine's transitions: LifecycleEvents) ----

    /** The instance is being started: a new one, a restart, a resume. */
    record Starting(Subject subject, Instant at, String cause, boolean restart, int restarts) implements DaemonEvent {}

    /** A process was spawned for the instance ({@code subject.pid}). */
    record Spawned(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** The process said it is ready (sd_notify READY=1, process.send('ready'), or listening). */
    record Ready(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** The instance is online: spawned, and ready when the app waits for readiness. */
    record Online(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /**
     * The main process ended; {@code during_stop} when jpm had asked it to.
     *
     * @param code the exit code, or null when killed by a signal or adopted (status unknown)
     */
    record Exited(Subject subject, Instant at, String cause, Integer code, String signal, boolean duringStop)
            implements DaemonEvent {}

    /** A crashed instance will be started again after {@code delay_ms}. */
    record RestartScheduled(Subject subject, Instant at, String cause, long delayMs, int unstableRestarts)
            implements DaemonEvent {}

    /**
     * The instance is not started yet: its app's dependencies do not meet their conditions (the
     * cause says which). {@code restart}: the start that is held is a restart (counted already).
     */
    record Waiting(Subject subject, Instant at, String cause, boolean restart) implements DaemonEvent {}

    /** A stop began: the stop signal was sent to the instance's process group. */
    record StopRequested(Subject subject, Instant at, String cause, String signal) implements DaemonEvent {}

    /** A graceful retirement began (its replacement serves already): asked to drain. */
    record Draining(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** kill_timeout passed during a stop: SIGKILL was sent to what is left. */
    record KillEscalated(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** No process of the instance is left, and jpm will not start one on its own. */
    record Stopped(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** The instance failed and stays down: spawn failure, too many unstable restarts, not ready in time. */
    record Errored(Subject subject, Instant at, String cause) implements DaemonEvent {}

    // ---- what the daemon decided or noticed ----

    /**
     * An instance's health changed (docs/health.md): its probe passed after it was starting or
     * unhealthy, or failed {@code retries} times in a row. The cause is the probe's last result.
     *
     * @param from {@code starting}, {@code healthy} or {@code unhealthy}
     * @param to {@code healthy} or {@code unhealthy}
     */
    record Health(Subject subject, Instant at, String cause, String from, String to) implements DaemonEvent {}

    /** The instance is forgotten: deleted, scaled away, replaced by a reload, or its app removed. */
    record Deleted(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** The instance's tree used more than max_memory_restart; a restart follows. */
    record MemoryLimitExceeded(Subject subject, Instant at, String cause, long rssBytes, long limitBytes)
            implements DaemonEvent {}

    /** {@code jpm reset}: the restart counters are zero again. */
    record CountersReset(Subject subject, Instant at, String cause) implements DaemonEvent {}

    /** A change under an app's watched paths; its running instances restart. */
    record WatchTriggered(Subject subject, Instant at, String cause, String path) implements DaemonEvent {}

    /** An app's cron_restart fired; its running instances restart. */
    record CronTriggered(Subject subject, Instant at, String cause, String schedule) implements DaemonEvent {}

    /**
     * One step of a rolling replacement (reload, or an apply of a cluster app); the subject is the
     * app and the slot's instance number.
     *
     * @param phase {@code replacing} (the new process starts beside the old), {@code replaced} (the old drains),
     *     {@code restarting} (no shared socket: the instance restarts in place), {@code failed}
     */
    record ReloadStep(Subject subject, Instant at, String cause, Long oldId, Long newId, String phase)
            implements DaemonEvent {}

    // ---- an app's definition ----

    /** An app was created (jpm start, apply, resurrect). */
    record AppCreated(Subject subject, Instant at, String cause, String owner, int instances) implements DaemonEvent {}

    /**
     * An app's definition changed.
     *
     * @param change {@code replaced} (restart class), {@code updated} (live), {@code scaled}, {@code reverted}
     *     (a rolling replacement failed: the definition that runs is kept)
     */
    record AppUpdated(Subject subject, Instant at, String cause, String change, int instances) implements DaemonEvent {}

    /** An app was removed (delete of its last instance, apply --prune); its instances stop and are deleted. */
    record AppRemoved(Subject subject, Instant at, String cause) implements DaemonEvent {}

    // ---- what apps say ----

    /**
     * An instance sent a message: a Node app's {@code process.send(...)}, or a datagram on
     * NOTIFY_SOCKET ({@code JPM_MSG=<json>}, or sd_notify's {@code STATUS=<text>}, topic "status").
     *
     * @param topic the message's {@code type}, or null when it has none
     * @param data the message's {@code data} (any JSON), or the whole message when it has no {@code type}
     */
    record Message(Subject subject, Instant at, String cause, String topic, Object data) implements DaemonEvent {}

    // ---- following a repository (docs/gitops.md); the subject's namespace and name are null ----

    /**
     * A sync source applied a commit of its branch (the apps converged; an empty plan counts).
     *
     * @param summary the plan's summary line ({@code 1 to start, 0 to restart, ...})
     */
    record SyncApplied(Subject subject, Instant at, String cause, String source, String commit, String summary)
            implements DaemonEvent {}

    /**
     * A sync source could not apply a commit: its file is invalid (nothing applied), the daemon
     * refused the batch, or an app did not come up (the good commit's definitions applied again);
     * or the repository could not be fetched (told once, retried at each interval).
     *
     * @param commit the commit that failed; null when the fetch failed before any
     * @param error {@code file:line:col: message} lines, the app that did not come up, or the fetch's error
     * @param restored the good commit that runs (again), or null when none was applied yet
     */
    record SyncFailed(Subject subject, Instant at, String cause, String source, String commit, String error, String restored)
            implements DaemonEvent {}
}
