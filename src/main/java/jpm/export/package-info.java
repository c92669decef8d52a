/**
 * {@code jpm export}: an ecosystem file translated for engines that run apps beyond one host
 * (docs/export.md). Each target is a package of its own; what they share (which env values are
 * secrets, the warnings for what does not carry over) is here. Only the CLI uses it.
 */
package jpm.export;
