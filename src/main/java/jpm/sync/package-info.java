/**
 * {@code jpm sync}: the daemon follows branches of git repositories and applies their ecosystem
 * files at each new commit (docs/gitops.md), on a thread of its own, as a client of the daemon's
 * socket. Used by the CLI (checks, the wire's records) and the daemon (the service).
 */
package jpm.sync;
