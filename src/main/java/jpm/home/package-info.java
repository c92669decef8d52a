/** The layout of JPM_HOME (socket, locks, state, logs) and its private modes; a leaf package. */
package jpm.home;
