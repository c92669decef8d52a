package jpm.rpc;

import java.time.Instant;

/**
 * The last command that changed an app by hand rather than through its file: {@code jpm stop},
 * {@code jpm start}, {@code jpm scale}, {@code jpm start --take-over}, {@code jpm delete} (of some
 * of its instances); who ran it and when.
 *
 * @param command as the user typed its verb, e.g. {@code jpm scale}
 * @param user the name of the user whose client sent it
 */
public record LastChange(String command, String user, Instant at) {}
