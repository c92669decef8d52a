package jpm.apply;

import java.time.Instant;
import java.util.Locale;

/**
 * One way in which what runs differs from what an ecosystem file's last apply set, with who did
 * it and when where that is known ({@link Drift}).
 *
 * @param app namespace/name
 * @param from the size the last apply set ({@link Kind#SCALED} only, else null)
 * @param to the size now ({@link Kind#SCALED} only, else null)
 * @param count how many instances are so ({@link Kind#STOPPED}, {@link Kind#ERRORED}; else 0)
 * @param of how many instances the app has ({@link Kind#STOPPED}, {@link Kind#ERRORED}; else 0)
 * @param reason why it errored ({@link Kind#ERRORED} only, else null)
 * @param command the command that did it, e.g. {@code jpm scale}; null when not known
 * @param user who ran it; null when not known
 * @param at when it happened; null when not known
 */
public record DriftItem(Kind kind, String app, Integer from, Integer to, int count, int of, String reason, String command,
                        String user, Instant at) {
    /** In the order a line shows them for one app. */
    public enum Kind {
        /** Its definition replaced by {@code jpm start --take-over}: no longer the file's. */
        REPLACED,
        /** Removed by a command. */
        DELETED,
        /** A size other than the file's. */
        SCALED,
        /** Instances stopped by hand. */
        STOPPED,
        /** Instances given up on by their restart policy. */
        ERRORED,
        /** Started by hand in one of the file's namespaces; the file's last apply did not have it. */
        STARTED;

        /** The name scripts read (--json). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
