/** The OS edge: signals and poll(2) through FFM, and readers of /proc. Imports no jpm package. */
package jpm.os;
