/**
 * The wire protocol: length-prefixed JSON frames ({@link jpm.rpc.Frames}), sealed request and
 * response records with one codec ({@link jpm.rpc.WireCodec}), the client and the server.
 * May import jpm.ecosystem and jpm.json only.
 */
package jpm.rpc;
