/**
 * App log files. The daemon side: the pumps that cut piped output into lines ({@link
 * jpm.logs.LogPump}, {@link jpm.logs.LineSplitter}) and the files that write them whole and
 * rotate them ({@link jpm.logs.LogFile}, {@link jpm.logs.LogFiles}, {@link jpm.logs.Rotation}).
 * The CLI side, for {@code jpm logs}: the last N lines of a file ({@link jpm.logs.TailReader})
 * and a follower that survives rotation by rename and by copy-truncate ({@link
 * jpm.logs.LogFollower}). Plain file I/O; imports only {@code jpm.json}.
 */
package jpm.logs;
