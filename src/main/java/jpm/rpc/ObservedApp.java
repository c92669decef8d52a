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
 */
public record ObservedApp(AppSpec spec, String owner, String launchHash, List<InstanceInfo> instances) {}
