package jpm.rpc;

import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * An app as the daemon holds it, for planning: its full spec (env values included: this goes
 * only to the same user, over the 0600 socket; the CLI masks them on display), the file that
 * owns it, and its instances.
 *
 * @param owner absolute path of the ecosystem file that applied it, or null when started by hand
 * @param launchHash {@link jpm.ecosystem.Launch#hash()} of the running spec
 * @param applied what the last apply that changed it set, or null (never applied, or by a daemon
 *     older than this key)
 * @param changed the last change by hand (stop, start, scale, ...), or null
 * @param erroredAt when the last of its instances that are errored became so, or null (none, or
 *     not known: a daemon restarted since)
 */
public record ObservedApp(AppSpec spec, String owner, String launchHash, List<InstanceInfo> instances, LastApply applied,
                          LastChange changed, java.time.Instant erroredAt) {
    /** An app with no record of applies and changes. */
    public ObservedApp(AppSpec spec, String owner, String launchHash, List<InstanceInfo> instances) {
        this(spec, owner, launchHash, instances, null, null, null);
    }
}
