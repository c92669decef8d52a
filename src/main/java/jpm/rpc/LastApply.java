package jpm.rpc;

import java.time.Instant;

/**
 * What the last apply that changed an app set: the ecosystem file it came from and the number of
 * instances. Drift is measured against it (docs/gitops.md, "Drift").
 *
 * @param file the ecosystem file's absolute path
 */
public record LastApply(String file, int instances, Instant at) {}
