package jpm.rpc;

import java.time.Instant;

/**
 * An app of an ecosystem file that a command removed ({@code jpm delete}), as the daemon's small
 * journal of removals keeps it, so that {@code jpm diff} can say who deleted it and when.
 *
 * @param app namespace/name
 * @param file the ecosystem file that had applied it
 */
public record RemovedApp(String app, String file, String command, String user, Instant at) {}
