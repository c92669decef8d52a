package jpm.cli.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import jpm.rpc.RpcClient;

/**
 * What the dashboard needs from the rest of the CLI: connections to the daemon and the plan of an
 * ecosystem file. The command supplies it, so this package reaches the daemon only the way every
 * command does.
 */
public interface Backend {
    /** A new connection to the running daemon, or null when none answers (the dashboard does not start one). */
    RpcClient connect() throws IOException;

    /** What {@code jpm diff FILE} shows for the file: read only, nothing is applied. */
    DiffAnswer diff(Path file);

    /** The plan as text, whether it changes anything, or the error (a problem in the file, no daemon). */
    record DiffAnswer(boolean changes, String text, String error) {}
}
