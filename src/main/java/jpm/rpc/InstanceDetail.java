package jpm.rpc;

import java.util.List;

/**
 * What describe adds to an instance beyond its jlist object.
 *
 * @param nextRestartAt ISO-8601 instant of the next automatic restart while waiting-restart, else null
 * @param history the last transitions, oldest first (at most 10)
 * @param statusText what the process last said with sd_notify's {@code STATUS=}, or null
 * @param messagesDropped messages from the process that were not passed on (too long, not JSON)
 * @param lastDropReason why the last of them was not, or null
 * @param probes the last results of the app's health probe for the running process, oldest
 *     first (at most 5); empty without a probe
 */
public record InstanceDetail(long id, String nextRestartAt, List<TransitionRecord> history, String statusText,
                             long messagesDropped, String lastDropReason, List<ProbeResult> probes) {
    public InstanceDetail {
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    /** An instance without probe results. */
    public InstanceDetail(long id, String nextRestartAt, List<TransitionRecord> history, String statusText,
                          long messagesDropped, String lastDropReason) {
        this(id, nextRestartAt, history, statusText, messagesDropped, lastDropReason, List.of());
    }

    /** An instance that said nothing and lost no message. */
    public InstanceDetail(long id, String nextRestartAt, List<TransitionRecord> history) {
        this(id, nextRestartAt, history, null, 0, null, List.of());
    }
}
