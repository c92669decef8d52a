/**
 * The daemon's events: what happened to an instance or an app, as records (a public contract,
 * docs/events.md). Pure data: imports nothing of jpm.
 */
package jpm.daemon.events;
