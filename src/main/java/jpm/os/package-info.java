/** The OS edge: signals through FFM and readers of /proc. Imports no jpm package. */
package jpm.os;
