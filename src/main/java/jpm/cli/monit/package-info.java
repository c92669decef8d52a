/**
 * {@code jpm monit}: the full-screen terminal view of the daemon's instances, their cpu and memory
 * over the last minutes, the selected instance's log lines and its app's events (docs/monit.md).
 *
 * <p>The only user of JLine, which only this package loads: {@code jpm.cli.MonitCommand} reaches
 * it after checking for a terminal, so {@code ping}, {@code ls} and every other command never load
 * a JLine class (ArchitectureTest). What the screen shows and what a key does are pure functions
 * ({@link jpm.cli.monit.Layout}, {@link jpm.cli.monit.Keys}, {@link jpm.cli.monit.Sparkline},
 * {@link jpm.cli.monit.MonitState}); {@link jpm.cli.monit.Monit} is the thin shell around the
 * terminal and {@link jpm.cli.monit.Feed} the one around the daemon.
 */
package jpm.cli.monit;
