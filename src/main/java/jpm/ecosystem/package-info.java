/**
 * App definitions and ecosystem files: the {@link jpm.ecosystem.AppSpec} record (with {@link jpm.ecosystem.Launch},
 * the restart class, and {@link jpm.ecosystem.Supervision}, the live class), the registry of their attributes
 * ({@link jpm.ecosystem.Attributes}), name rules, interpreter
 * choice, and {@link jpm.ecosystem.EcosystemLoader}, which reads YAML/JSON ecosystem files into validated
 * specs or reports every problem as {@code file:line:col: /pointer: message}. Imports no jpm package.
 */
package jpm.ecosystem;
