/**
 * The daemon: the supervisor event loop, the pure per-instance {@link jpm.daemon.Lifecycle},
 * the spawner, command resolution and log paths; {@code jpm.daemon.state}, the format of its
 * state and dump files. May import rpc, spec, os, home, json.
 */
package jpm.daemon;
