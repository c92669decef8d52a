package jpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import jpm.json.Json;
import jpm.rpc.ErrorCode;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Shared plumbing of the commands that talk to the daemon: the {@code --json} option, the
 * connection (connect-or-spawn through {@link DaemonConnector}), and printing the common answers.
 * A base class rather than a picocli mixin: a mixin costs a cold start 15 to 35 ms.
 */
abstract class DaemonCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The root command, for its {@code --home}: reached through the spec rather than a
     * {@code @ParentCommand}, which is one level up only, so a subcommand's subcommands
     * ({@code jpm sync add}) extend this class too.
     */
    Main main() {
        return (Main) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    DaemonConnector connector() {
        return new DaemonConnector(main().jpmHome());
    }

    /** One request on a connection of its own (the daemon started if none runs). */
    Response ask(Request request) throws IOException {
        try (RpcClient c = connector().connectOrSpawn()) {
            return c.call(request);
        }
    }

    /**
     * Sends one request per target: the target itself, or, when it names an ecosystem file,
     * each app of the file ("namespace/name"; apps the daemon does not have are skipped).
     */
    Response forEachTarget(String target, Function<String, Request> request) throws IOException {
        return forEachTarget(target, request, false);
    }

    /**
     * As {@link #forEachTarget(String, Function)}; the apps of a file go in their start order
     * (depends_on: dependencies first), or with {@code dependentsFirst} the other way (stop, delete).
     */
    Response forEachTarget(String target, Function<String, Request> request, boolean dependentsFirst) throws IOException {
        if (!FileCommands.isEcosystemFile(target)) return ask(request.apply(target));
        List<InstanceInfo> all = new ArrayList<>();
        List<String> apps = new ArrayList<>(FileCommands.targetsOf(target, err()));
        if (dependentsFirst) java.util.Collections.reverse(apps);
        try (RpcClient c = connector().connectOrSpawn()) {
            for (String app : apps) {
                Response r = c.call(request.apply(app));
                if (r instanceof Response.Failure f && f.code().equals(ErrorCode.NOT_FOUND)) continue;
                all.addAll(((Response.Instances) ok(r)).instances());
            }
        }
        return new Response.Instances(all);
    }

    /** A `done` answer: its message, or {"message": ...} with --json. */
    int printDone(Response r) {
        String message = ((Response.Done) ok(r)).message();
        out().println(json ? Json.write(Map.of("message", message)) : message);
        return ExitCodes.OK;
    }

    /** Turns a Failure into a CliException, passes anything else through. */
    static Response ok(Response r) {
        if (r instanceof Response.Failure(String code, String message)) throw new CliException(ExitCodes.ofFailure(code), message);
        return r;
    }

    /** An instances answer: "VERB n instances" and the table (verb null: the table only), or the JSON array. */
    int printInstances(Response r, String verb) {
        out().print(Render.instances(((Response.Instances) ok(r)).instances(), verb, json));
        out().flush();
        return ExitCodes.OK;
    }
}
