package jpm.rpc;

import jpm.spec.AppSpec;

/** Everything a client may ask the daemon. The wire form is {@code {"type":"<snake_name>", ...fields}}. */
public sealed interface Request {
    /** First frame of every connection: the client's protocol version. */
    record Hello(int protocol, String client) implements Request {}

    record Ping() implements Request {}

    /** Start a new app (fails if (namespace, name) exists). */
    record Start(AppSpec spec) implements Request {
        public Start {
            required(spec, "spec");
        }
    }

    /** target: an app name, a namespace, an instance id, or "all". */
    record Stop(String target) implements Request {
        public Stop {
            required(target, "target");
        }
    }

    record Restart(String target) implements Request {
        public Restart {
            required(target, "target");
        }
    }

    record Delete(String target) implements Request {
        public Delete {
            required(target, "target");
        }
    }

    record ListInstances() implements Request {}

    /** showEnv: include env values (otherwise the daemon redacts them). */
    record Describe(String target, boolean showEnv) implements Request {
        public Describe {
            required(target, "target");
        }
    }

    /** Stop every app, then exit the daemon. */
    record Kill() implements Request {}

    /** A missing field is the peer's mistake: refused at decoding, never a crash in the daemon. */
    private static void required(Object value, String field) {
        if (value == null) throw new IllegalArgumentException(field + " is required");
    }
}
