/** App definitions: the {@link jpm.spec.AppSpec} record, name rules, interpreter choice. Imports no jpm package. */
package jpm.spec;
