package jpm.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import jpm.home.JpmHome;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;

/**
 * `jpm ping`, `jpm ls` and `jpm jlist` without picocli, for their start-up time.
 *
 * <p>These are the commands scripts and prompts run in loops, and a jpm command is a cold JVM.
 * With the AOT cache, picocli building its model of the command (annotations read by reflection,
 * run in the interpreter) was about a third of a `jpm ping`: 300+ ms against ~100 ms for
 * {@code java -version} (docs/performance.md, "CLI start-up"). This class recognizes the plain
 * forms of the three commands and answers them with the same request, rendering ({@link Render})
 * and exit code as the picocli commands, so the output is the same byte for byte.
 *
 * <p>With no daemon to answer, it starts one as picocli's path would (and reports a failure to
 * start with the same message and exit code): the first command of a session is often a ping or
 * an ls. Anything else is left to picocli: other argv (help, an unknown option, a typo), or any
 * other failure. Nothing is printed before that hand-over: both requests are read-only, so
 * picocli's path simply asks again and reports as it always did.
 */
final class FastPath {
    /** What {@link #run} returns when it left the command line to picocli. */
    static final int NOT_HANDLED = -1;

    /**
     * A command line this class answers.
     *
     * @param verb ping, ls or jlist (aliases resolved)
     * @param home the --home option, or null
     */
    record Simple(String verb, boolean json, String home) {}

    private FastPath() {}

    /**
     * The simple form of a command line, or null: {@code [--home DIR | --home=DIR] VERB [--json]}
     * with VERB one of ping, ls, list, status, jlist (the names and aliases of
     * {@link DaemonControlCommands.Ping}, {@link ListCommands.Ls}, {@link ListCommands.Jlist}:
     * FastPathTest checks that they agree).
     */
    static Simple recognize(String[] args) {
        int i = 0;
        String home = null;
        if (i < args.length && args[i].startsWith("--home=")) {
            home = args[i++].substring("--home=".length());
        } else if (i + 1 < args.length && args[i].equals("--home")) {
            home = args[i + 1];
            i += 2;
        }
        if (home != null && home.startsWith("-")) return null; // let picocli judge such a value
        if (i >= args.length) return null;
        String verb = switch (args[i++]) {
            case "ping" -> "ping";
            case "ls", "list", "status" -> "ls";
            case "jlist" -> "jlist";
            default -> null;
        };
        if (verb == null) return null;
        boolean json = i < args.length && args[i].equals("--json");
        if (json) i++;
        if (i != args.length) return null;
        return new Simple(verb, json || verb.equals("jlist"), home);
    }

    /** Runs a simple command line; {@link #NOT_HANDLED} (having printed nothing) for anything else. */
    static int run(String[] args) {
        Simple s = recognize(args);
        if (s == null) return NOT_HANDLED;
        String text;
        // no daemon: start one here, as picocli's path would (the fast AOT cache holds these classes)
        try (RpcClient c = new DaemonConnector(JpmHome.resolve(s.home(), System.getenv())).connectOrSpawn()) {
            Response r = c.call(s.verb().equals("ping") ? new Request.Ping() : new Request.ListInstances());
            text = switch (r) {
                case Response.Pong p -> Render.pong(p, s.json());
                case Response.Instances l -> Render.instances(l.instances(), null, s.json());
                default -> null; // a failure: reported by picocli's path
            };
        } catch (CliException e) { // no daemon could be started: the message picocli's path would print
            System.err.println("jpm: " + e.getMessage());
            return e.exitCode;
        } catch (IOException | RuntimeException e) {
            return NOT_HANDLED;
        }
        if (text == null) return NOT_HANDLED;
        // The bytes picocli's writer would print: it encodes with the default charset (UTF-8).
        System.out.writeBytes(text.getBytes(Charset.defaultCharset()));
        System.out.flush();
        return ExitCodes.OK;
    }
}
