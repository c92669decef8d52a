/**
 * The daemon: the supervisor event loop, the pure per-instance {@link jpm.daemon.Lifecycle},
 * the spawner, command resolution and log paths. May import rpc, spec, os, home, json.
 */
package jpm.daemon;
