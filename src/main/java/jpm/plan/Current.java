package jpm.plan;

import jpm.ecosystem.AppSpec;

/**
 * An app as the daemon runs it, as far as planning needs.
 *
 * @param owner the ecosystem file that applied it (absolute path), or null when started by hand
 * @param idle instances that do not run and will not by themselves: stopped by hand, or errored
 */
public record Current(AppSpec spec, String owner, int idle) {
    public Current(AppSpec spec, String owner) {
        this(spec, owner, 0);
    }
}
