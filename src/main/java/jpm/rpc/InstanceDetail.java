package jpm.rpc;

import java.util.List;

/**
 * What describe adds to an instance beyond its jlist object.
 *
 * @param nextRestartAt ISO-8601 instant of the next automatic restart while waiting-restart, else null
 * @param history the last transitions, oldest first (at most 10)
 */
public record InstanceDetail(long id, String nextRestartAt, List<TransitionRecord> history) {}
