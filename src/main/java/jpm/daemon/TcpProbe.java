package jpm.daemon;

import java.io.IOException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;

/** The probe of a {@code tcp: host:port}: a non-blocking connect, closed as soon as it is made. */
final class TcpProbe implements NetProbe {
    private final NetworkProbes net;
    private final ProbeTarget.Tcp target;
    private final long timeoutMs;
    /** The connection being made; closed when it is made, fails, or is given up. */
    private volatile AsynchronousSocketChannel channel;

    TcpProbe(NetworkProbes net, ProbeTarget.Tcp target, long timeoutMs) {
        this.net = net;
        this.target = target;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void start(Answer answer) {
        AsynchronousSocketChannel c;
        try {
            c = net.open();
        } catch (IOException e) {
            answer.answered(false, ProbeTarget.failure(e, timeoutMs), System.nanoTime());
            return;
        }
        channel = c;
        net.connect(c, target.host(), target.port(), new CompletionHandler<>() {
            @Override
            public void completed(Void v, Void attachment) {
                long end = System.nanoTime();
                NetworkProbes.close(c);
                answer.answered(true, "connected", end);
            }

            @Override
            public void failed(Throwable e, Void attachment) {
                long end = System.nanoTime();
                NetworkProbes.close(c);
                answer.answered(false, ProbeTarget.failure(e, timeoutMs), end);
            }
        });
    }

    @Override
    public void abort() {
        AsynchronousSocketChannel c = channel;
        if (c != null) NetworkProbes.close(c);
    }
}
