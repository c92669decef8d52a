/**
 * The command line: picocli commands, human and JSON output, exit codes, connect-or-spawn.
 * Imports rpc, spec, home, json, logs and os (and daemon, only to run it in-process for `jpm daemon`).
 */
package jpm.cli;
