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
        this.policy = new Lifecycle.Policy(spec.autorestart(), spec.maxRestarts(),
                java.time.Duration.ofMillis(spec.minUptimeMs()), java.time.Duration.ofMillis(spec.restartDelayMs()),
                spec.stopSignal(), java.time.Duration.ofMillis(spec.killTimeoutMs()));
    }

    String key() {
        return spec.namespace() + "\u0000" + spec.name();
    }
}
