package jpm.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A connection to the daemon: hello on connect, then one request/response at a time. */
public final class RpcClient implements Closeable {
    private final SocketChannel channel;
    private final Response.Welcome welcome;

    private RpcClient(SocketChannel channel, Response.Welcome welcome) {
        this.channel = channel;
        this.welcome = welcome;
    }

    /**
     * Connects and exchanges hellos.
     *
     * @throws IOException only when nothing listens (no socket file, or a stale one)
     * @throws RpcException when the daemon answers with a failure (protocol mismatch, refused uid)
     */
    public static RpcClient connect(Path socket, String clientName) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e; // nothing listens: the caller may start a daemon
        }
        try {
            Frames.write(ch, WireCodec.encode(new Request.Hello(Protocol.VERSION, clientName)));
            Response r = readResponse(ch);
            if (r instanceof Response.Welcome w) {
                if (w.protocol() != Protocol.VERSION) {
                    throw new RpcException(ErrorCode.PROTOCOL_MISMATCH, "protocol mismatch: the daemon speaks version "
                            + w.protocol() + ", this jpm version " + Protocol.VERSION + "; run `jpm kill`, then retry");
                }
                return new RpcClient(ch, w);
            }
            if (r instanceof Response.Failure f) throw new RpcException(f.code(), f.message());
            throw new RpcException(ErrorCode.BAD_FRAME, "unexpected hello reply: " + r);
        } catch (IOException e) {
            ch.close();
            // something listens but the exchange broke: starting another daemon would not help
            throw new RpcException(ErrorCode.CONNECTION_LOST, "the daemon at " + socket + " closed the connection during the hello: " + e.getMessage());
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Response.Welcome welcome() {
        return welcome;
    }

    public Response call(Request request) throws IOException {
        Frames.write(channel, WireCodec.encode(request));
        return readResponse(channel);
    }

    /** Sends a request without waiting for its answer (a subscription's answers are read with {@link #read}). */
    public void send(Request request) throws IOException {
        Frames.write(channel, WireCodec.encode(request));
    }

    /** The next frame from the daemon, or null when it closed the connection. */
    public Response read() throws IOException {
        byte[] body = Frames.readBody(channel, Frames.Progress.NONE);
        return body == null ? null : WireCodec.decodeResponse(body);
    }

    private static Response readResponse(SocketChannel ch) throws IOException {
        byte[] body = Frames.readBody(ch, Frames.Progress.NONE);
        if (body == null) throw new java.io.EOFException("the daemon closed the connection");
        return WireCodec.decodeResponse(body);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
