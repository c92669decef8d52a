/**
 * Converging the daemon to an ecosystem file: observe, plan (jpm.plan), execute over RPC,
 * observe again until every desired instance is online and stable, or a deadline passes.
 * Imports plan, spec, rpc, json.
 */
package jpm.apply;
