package jpm.plan;

import jpm.spec.AppSpec;

/**
 * An app as the daemon runs it, as far as planning needs.
 *
 * @param owner the ecosystem file that applied it (absolute path), or null when started by hand
 */
public record Current(AppSpec spec, String owner) {}
