/**
 * Git through the user's own {@code git} binary, argv only (no shell), so credentials, ssh keys
 * and configuration are the user's. Imports no jpm package.
 */
package jpm.git;
