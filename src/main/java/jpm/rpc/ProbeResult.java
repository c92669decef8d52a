package jpm.rpc;

/**
 * One health probe of an instance, as describe shows it.
 *
 * @param at ISO-8601 instant the probe started
 * @param passed whether it passed
 * @param latencyMs how long it took (to the answer, the connection, the exit, or the timeout)
 * @param message what it saw ({@code HTTP 200}, {@code connection refused}, {@code exit code 1})
 */
public record ProbeResult(String at, boolean passed, long latencyMs, String message) {}
