package jpm.rpc;

import jpm.spec.AppSpec;

/** Everything a client may ask the daemon. The wire form is {@code {"type":"<snake_name>", ...fields}}. */
public sealed interface Request {
    /** First frame of every connection: the client's protocol version. */
    record Hello(int protocol, String client) implements Request {}

    record Ping() implements Request {}

    /** Start a new app (fails if (namespace, name) exists). */
    record Start(AppSpec spec) implements Request {}

    /** target: an app name, a namespace, an instance id, or "all". */
    record Stop(String target) implements Request {}

    record Restart(String target) implements Request {}

    record Delete(String target) implements Request {}

    record ListInstances() implements Request {}

    /** showEnv: include env values (otherwise the daemon redacts them). */
    record Describe(String target, boolean showEnv) implements Request {}

    /** Stop every app, then exit the daemon. */
    record Kill() implements Request {}
}
