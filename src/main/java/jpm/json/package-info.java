/**
 * Strict, dependency-free JSON for the wire protocol and {@code --json} output: a leaf that any
 * jpm package may use. Kept apart from Jackson so the CLI's hot path stays light.
 */
package jpm.json;
