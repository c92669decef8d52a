package jpm.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jpm.json.Json;
import jpm.os.Fds;
import jpm.rpc.ErrorCode;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm events}: the daemon's events as they happen, until Ctrl-C. One line per event for
 * people ({@link EventLine}), or with {@code --json} one JSON object per line in the form
 * docs/events.md documents.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print the daemon's events as they happen (docs/events.md), until Ctrl-C.")
final class EventsCommand extends DaemonCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "an app, namespace/name, an instance id or a namespace (default: all)")
    String target;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "only these kinds (comma-separated, repeatable): exited,errored,...")
    List<String> types = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        boolean colors = LogFormat.colorsWanted(System.getenv(), Fds.isTerminal(1), false, json);
        try (RpcClient c = connector().connectOrSpawn()) {
            c.send(new Request.Subscribe(target, types));
            Response first = ok(c.read());
            if (first instanceof Response.Subscribed s && s.note() != null) {
                err().println("jpm events: " + s.note());
                err().flush();
            }
            for (Response r = next(c); r != null; r = next(c)) {
                switch (r) {
                    case Response.Event e -> out().println(json ? Json.write(e.event()) : EventLine.format((java.util.Map<?, ?>) e.event(), colors));
                    case Response.Dropped d -> {
                        String why = "missed " + d.count() + " events: this reader was too slow";
                        out().println(json ? Json.write(java.util.Map.of("type", "dropped", "count", d.count())) : "... " + why);
                    }
                    case Response.Failure f -> throw new CliException(ExitCodes.ofFailure(f.code()), f.message());
                    default -> throw new CliException(ExitCodes.ofFailure(ErrorCode.BAD_FRAME), "unexpected frame in the event stream: " + r);
                }
                out().flush();
            }
        }
        throw new CliException(ExitCodes.ofFailure(ErrorCode.CONNECTION_LOST), "the daemon closed the stream (it stopped; `jpm ping` starts it again)");
    }

    /** The next frame, or null when the stream ended, even in the middle of a frame (the daemon cut it off). */
    private static Response next(RpcClient c) throws IOException {
        try {
            return c.read();
        } catch (java.io.EOFException e) {
            return null;
        }
    }
}
