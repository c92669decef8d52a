package jpm.rpc;

import jpm.ecosystem.AppSpec;

/**
 * One change of desired state, as {@code jpm apply} sends them in an {@link Request.Execute}.
 * The daemon checks every change of a batch before carrying out any, so a batch is applied
 * whole or not at all.
 */
public sealed interface Change {
    /** A new app; {@code owner} is the ecosystem file that defines it (null: started by hand). */
    record Create(AppSpec spec, String owner) implements Change {}

    /** Restart an app's instances with a new spec (its Launch changed); also takes its new size. */
    record Replace(AppSpec spec, String owner) implements Change {}

    /**
     * Start or stop only the difference; existing instances keep running.
     *
     * @param file the ecosystem file whose apply sends it; null: {@code jpm scale}, a change by hand
     */
    record Scale(String namespace, String name, int instances, String file) implements Change {
        public Scale(String namespace, String name, int instances) {
            this(namespace, name, instances, null);
        }
    }

    /** Live update of the fields that need no restart (supervision, owner). */
    record Update(AppSpec spec, String owner) implements Change {}

    /** Start again the instances that were stopped by hand or gave up (errored); the others are untouched. */
    record Resume(String namespace, String name) implements Change {}

    /** Stop and forget an app. */
    record Remove(String namespace, String name) implements Change {}
}
