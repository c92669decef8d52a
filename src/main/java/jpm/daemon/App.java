package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.spec.AppSpec;

/** A registered app: its spec, owner, resolved command line and instances. Owned by the supervisor loop. */
final class App {
    AppSpec spec;
    List<String> command;
    Lifecycle.Policy policy;
    /** The ecosystem file that applied this app (absolute path), or null when started by hand. */
    String owner;
    final List<Instance> instances = new ArrayList<>();

    App(AppSpec spec, List<String> command, String owner) {
        this.owner = owner;
        redefine(spec, command);
    }

    /** Takes a new spec; running processes keep theirs until they are next spawned. */
    void redefine(AppSpec newSpec, List<String> newCommand) {
        this.spec = newSpec;
        this.command = newCommand;
        this.policy = policyOf(newSpec);
    }

    static Lifecycle.Policy policyOf(AppSpec spec) {
        var s = spec.supervision();
        var first = s.expBackoffRestartDelayMs() > 0 ? java.time.Duration.ofMillis(s.expBackoffRestartDelayMs()) : Lifecycle.BACKOFF_FIRST;
        return new Lifecycle.Policy(s.autorestart(), s.maxRestarts(), java.time.Duration.ofMillis(s.minUptimeMs()),
                java.time.Duration.ofMillis(s.restartDelayMs()), first, java.util.Set.copyOf(s.stopExitCodes()),
                s.stopSignal(), java.time.Duration.ofMillis(s.killTimeoutMs()));
    }

    static String key(String namespace, String name) {
        return namespace + "\u0000" + name;
    }

    String key() {
        return key(spec.namespace(), spec.name());
    }
}
