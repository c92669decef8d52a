/**
 * The pure diff of desired apps (an ecosystem file) against the daemon's apps: a {@link jpm.plan.Plan}
 * of typed actions, each with its cause. No I/O; imports jpm.ecosystem only.
 */
package jpm.plan;
