/**
 * Reading app log files for {@code jpm logs}: the last N lines of a file (read backwards in
 * blocks), a byte-exact line splitter, and a per-file follower that survives rotation by rename
 * and by copy-truncate. Pure file I/O on the CLI side; imports no jpm package.
 */
package jpm.logs;
