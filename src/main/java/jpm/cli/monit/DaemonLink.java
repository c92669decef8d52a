package jpm.cli.monit;

import java.io.IOException;
import jpm.rpc.RpcClient;

/** A new connection to the running daemon, or null when none answers: monit never starts one. */
@FunctionalInterface
public interface DaemonLink {
    RpcClient connect() throws IOException;
}
