/**
 * The daemon: one loop that owns every app and instance, the pure per-instance {@link jpm.daemon.Lifecycle},
 * the event bus its transitions are published on, and one class per concern (docs/architecture.md
 * maps them); {@code jpm.daemon.events}, the events; {@code jpm.daemon.state}, the format of its
 * state and dump files. May import rpc (only at its request layer), ecosystem, os, home, logs, json.
 */
package jpm.daemon;
