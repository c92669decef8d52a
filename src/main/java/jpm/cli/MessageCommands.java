package jpm.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jpm.json.Json;
import jpm.json.JsonException;
import jpm.rpc.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Messages to apps: {@code jpm send} of any JSON value, and {@code jpm trigger}, PM2's custom
 * action, as such a message. Both print the instances reached; the daemon sends to every one of
 * them or, when one cannot take the message now, to none (docs/events.md, "Messages to apps").
 */
final class MessageCommands {
    private MessageCommands() {}

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send a JSON message to each instance: a Node app gets it on process.on('message'), an app with"
                    + " stdin: message as a line of its stdin.")
    static final class Send extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "TARGET", description = "app name, namespace/name, namespace, instance id, or all")
        String target;

        @Parameters(index = "1", paramLabel = "JSON", description = "the message, any JSON value: '{\"type\":\"reload-config\"}'")
        String json;

        @Override
        public Integer call() throws IOException {
            return printInstances(ask(new Request.Send(target, parse(json))), "sent to");
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Trigger an action of an app (PM2's custom actions, tx2 or @pm2/io): sends"
                    + " {\"type\":\"action\",\"name\":ACTION,\"param\":PARAM,\"msg\":ACTION,\"opts\":PARAM}.")
    static final class Trigger extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "TARGET", description = "app name, namespace/name, namespace, instance id, or all")
        String target;

        @Parameters(index = "1", paramLabel = "ACTION")
        String action;

        @Parameters(index = "2", arity = "0..1", paramLabel = "PARAM", description = "passed as a string")
        String param;

        @Override
        public Integer call() throws IOException {
            return printInstances(ask(new Request.Send(target, action(action, param))), "triggered " + action + " on");
        }
    }

    /**
     * The message a command line gives, parsed (strict JSON, as the wire reads it); a mistake is a
     * usage error that says where, and what a bare word lacks.
     */
    static Object parse(String json) {
        Object message;
        try {
            message = Json.parse(json);
        } catch (JsonException e) {
            String hint = json.isBlank() || "{[\"-0123456789".indexOf(json.strip().charAt(0)) >= 0 ? ""
                    : " (a string needs its quotes: '\"" + json.strip() + "\"')";
            throw new CliException(ExitCodes.USAGE, "the message is not JSON: " + e.getMessage() + hint);
        }
        if (message == null) throw new CliException(ExitCodes.USAGE, "the message cannot be null (Node's process.send refuses it too)");
        return message;
    }

    /**
     * What {@code jpm trigger} sends. {@code type}, {@code name} and {@code param} are jpm's
     * names; {@code msg} and {@code opts} are the same values under the names of PM2's action
     * packet, which PM2's action libraries (tx2, @pm2/io, pmx) match with {@code data.msg ===
     * name} and call the action with {@code data.opts}: an app written for {@code pm2 trigger}
     * runs its action unchanged. Without a param, {@code opts} is {@code {}}, which such an action
     * gets under PM2 too.
     */
    static Map<String, Object> action(String name, String param) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "action");
        m.put("name", name);
        if (param != null) m.put("param", param);
        m.put("msg", name);
        m.put("opts", param != null ? param : Map.of());
        return m;
    }
}
