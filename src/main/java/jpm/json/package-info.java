/**
 * Strict, dependency-free JSON for the wire protocol and {@code --json} output: a leaf that any
 * jpm package may use. Kept apart from Jackson so the CLI's hot path stays light. {@link
 * jpm.json.Unwrapped} and {@link jpm.json.FlatComponents} let a record group its components
 * without changing the JSON a peer reads.
 */
package jpm.json;
