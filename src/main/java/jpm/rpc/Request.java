package jpm.rpc;

import jpm.ecosystem.AppSpec;

/** Everything a client may ask the daemon. The wire form is {@code {"type":"<snake_name>", ...fields}}. */
public sealed interface Request {
    /** First frame of every connection: the client's protocol version. */
    record Hello(int protocol, String client) implements Request {}

    record Ping() implements Request {}

    /** Start a new app (fails if (namespace, name) exists). */
    record Start(AppSpec spec) implements Request {
        public Start {
            required(spec, "spec");
        }
    }

    /**
     * {@code jpm start TARGET} of apps the daemon has (PM2's {@code pm2 stop api} ... {@code pm2
     * start api}): starts the target's instances that do not run; running ones are left alone.
     * {@code not_found} when the target names nothing, so the CLI can take it as a script.
     */
    record StartKnown(String target) implements Request {
        public StartKnown {
            required(target, "target");
        }
    }

    /** target: an app name, a namespace, an instance id, or "all". */
    record Stop(String target) implements Request {
        public Stop {
            required(target, "target");
        }
    }

    record Restart(String target) implements Request {
        public Restart {
            required(target, "target");
        }
    }

    /**
     * {@code jpm reload}: replace the target's processes one instance at a time, each new one
     * ready before the old one drains (cluster mode); other apps restart one instance at a time.
     */
    record Reload(String target) implements Request {
        public Reload {
            required(target, "target");
        }
    }

    record Delete(String target) implements Request {
        public Delete {
            required(target, "target");
        }
    }

    record ListInstances() implements Request {}

    /** {@code jpm metrics} and the metrics listener: the daemon's own figures and every instance, in one snapshot. */
    record Metrics() implements Request {}

    /**
     * Turns the connection into a stream of the daemon's events (docs/protocol.md): answered
     * {@link Response.Subscribed}, then {@link Response.Event} frames, and {@link Response.Dropped}
     * where a reader too slow for its queue missed some, until either side closes. Nothing may
     * follow it from the client.
     *
     * @param target what {@code jpm stop} would name (an app, namespace/name, an id, a namespace), or null for all
     * @param types the event kinds wanted (docs/events.md), or null/empty for all
     */
    record Subscribe(String target, java.util.List<String> types) implements Request {
        public Subscribe {
            types = types == null ? java.util.List.of() : java.util.List.copyOf(types);
        }
    }

    /** showEnv: include env values (otherwise the daemon redacts them). */
    record Describe(String target, boolean showEnv) implements Request {
        public Describe {
            required(target, "target");
        }
    }

    /** {@code jpm reset}: zero the restart counters of the target's instances. */
    record Reset(String target) implements Request {
        public Reset {
            required(target, "target");
        }
    }

    /** {@code jpm sendSignal}: a signal (name, e.g. SIGUSR2) to the main process of each running instance. */
    record SendSignal(String signal, String target) implements Request {
        public SendSignal {
            required(signal, "signal");
            required(target, "target");
        }
    }

    /**
     * {@code jpm send} (and {@code jpm trigger}): one message to each instance of the target, a
     * Node app on {@code process.on('message')}, an app with {@code stdin: message} as a line of
     * its stdin; to all of them or, when one cannot take it, to none.
     *
     * @param message any JSON value but null (plain values: maps, lists, strings, numbers, booleans)
     */
    record Send(String target, Object message) implements Request {
        public Send {
            required(target, "target");
            required(message, "message");
        }
    }

    /** {@code jpm save}: write every app's definition to JPM_HOME/dump.json (crash-safe, previous one kept). */
    record Save() implements Request {}

    /** {@code jpm resurrect}: start the apps of the dump that the daemon does not have. */
    record Resurrect() implements Request {}

    /** Every app with its spec and owner, and the generation of the daemon's desired state. */
    record Observe() implements Request {}

    /**
     * Applies a batch of changes in one step of the supervisor, if the desired state is still at
     * {@code expectedGeneration} (else {@code conflict}: another apply or command came first).
     *
     * @param takeOver the batch may give apps of another ecosystem file a new owner (apply
     *     --take-over); without it such a change is refused with {@code conflict}
     * @param revision what to record as the file's next revision once the batch is executed;
     *     null records nothing (scale, start --take-over)
     */
    record Execute(long expectedGeneration, java.util.List<Change> changes, boolean takeOver, RevisionDraft revision)
            implements Request {
        public Execute {
            required(changes, "changes");
            changes = java.util.List.copyOf(changes);
        }

        public Execute(long expectedGeneration, java.util.List<Change> changes, boolean takeOver) {
            this(expectedGeneration, changes, takeOver, null);
        }

        public Execute(long expectedGeneration, java.util.List<Change> changes) {
            this(expectedGeneration, changes, false);
        }
    }

    /**
     * {@code jpm history} and {@code jpm rollback}: the recorded revisions, oldest first, of one
     * ecosystem file, of the files that listed an app, or of every file.
     *
     * @param file an ecosystem file's absolute path, or null
     * @param app an app's name or namespace/name, or null (both null: every file)
     * @param showEnv include env values (a rollback needs them); otherwise the daemon redacts them
     */
    record History(String file, String app, boolean showEnv) implements Request {}

    /** Stop every app, then exit the daemon. */
    record Kill() implements Request {}

    /** {@code jpm flush}: empty the log files of the target's instances. */
    record Flush(String target) implements Request {
        public Flush {
            required(target, "target");
        }
    }

    /** {@code jpm reloadLogs}: reopen every log file the daemon writes (after an outside tool moved them). */
    record ReloadLogs() implements Request {}

    /** {@code jpm update}: save the state and exit WITHOUT stopping apps; the next daemon re-adopts them. */
    record Update() implements Request {}

    /**
     * {@code jpm sync add}: follow a branch of a repository (docs/gitops.md). The daemon clones it,
     * checks the branch and the file, and applies the head once before answering {@link Response.SyncSources}.
     *
     * @param url a URL git takes, or an absolute path
     * @param path the ecosystem file's path in the repository
     * @param branch null: {@code main}
     * @param interval how often to fetch ({@code 1m}); null: one minute
     * @param name null: from the URL
     * @param env {@code --env NAME} of each apply, or null
     */
    record SyncAdd(String url, String path, String branch, String interval, boolean prune, String name, String env) implements Request {
        public SyncAdd {
            required(url, "url");
            required(path, "path");
        }
    }

    /** {@code jpm sync ls}: every source and how its last look went. */
    record SyncList() implements Request {}

    /** {@code jpm sync rm NAME}: stop following; the apps keep running. */
    record SyncRemove(String name) implements Request {
        public SyncRemove {
            required(name, "name");
        }
    }

    /**
     * {@code jpm sync now [NAME]}: fetch and apply now, answered once done.
     *
     * @param name null: every source
     * @param retry apply the head even when it failed before
     */
    record SyncNow(String name, boolean retry) implements Request {}

    /** A missing field is the peer's mistake: refused at decoding, never a crash in the daemon. */
    private static void required(Object value, String field) {
        if (value == null) throw new IllegalArgumentException(field + " is required");
    }
}
