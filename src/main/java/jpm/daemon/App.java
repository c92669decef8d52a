package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.spec.AppSpec;

/** A registered app: its spec, resolved command line and instances. Owned by the supervisor loop. */
final class App {
    final AppSpec spec;
    final List<String> command;
    final Lifecycle.Policy policy;
    final List<Instance> instances = new ArrayList<>();

    App(AppSpec spec, List<String> command) {
        this.spec = spec;
        this.command = command;
        this.policy = policyOf(spec);
    }

    static Lifecycle.Policy policyOf(AppSpec spec) {
        var s = spec.supervision();
        return new Lifecycle.Policy(s.autorestart(), s.maxRestarts(), java.time.Duration.ofMillis(s.minUptimeMs()),
                java.time.Duration.ofMillis(s.restartDelayMs()), s.stopSignal(), java.time.Duration.ofMillis(s.killTimeoutMs()));
    }

    String key() {
        return spec.namespace() + "\u0000" + spec.name();
    }
}
