/**
 * App definitions and ecosystem files: the {@link jpm.spec.AppSpec} record (with {@link jpm.spec.Launch},
 * the restart class, and {@link jpm.spec.Supervision}, the live class), name rules, interpreter
 * choice, and {@link jpm.spec.EcosystemLoader}, which reads YAML/JSON ecosystem files into validated
 * specs or reports every problem as {@code file:line:col: /pointer: message}. Imports no jpm package.
 */
package jpm.spec;
