/**
 * Metrics for Prometheus (docs/metrics.md): the daemon's figures and instances as metric
 * families, their text exposition for {@code jpm metrics}, and the daemon's opt-in HTTP listener
 * with its guards (bearer token, Host check). The only package that uses the Prometheus client,
 * so its classes load only for {@code jpm metrics} and in a daemon started with a listener.
 * May import jpm.rpc and jpm.home only.
 */
package jpm.metrics;
