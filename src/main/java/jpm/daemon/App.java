package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Interpreters;

/** A registered app: its spec, owner, resolved command line and instances. Owned by the supervisor loop. */
final class App {
    AppSpec spec;
    List<String> command;
    Lifecycle.Policy policy;
    /** Whether its processes run under jpm's Node adapter (see {@link #nodeAdapter(AppSpec, List)}). */
    boolean nodeAdapter;
    /** The ecosystem file that applied this app (absolute path), or null when started by hand. */
    String owner;
    final List<Instance> instances = new ArrayList<>();
    /** What the last apply that changed this app set (file, size), or null: drift is measured against it. */
    jpm.daemon.state.SavedState.Applied applied;
    /** The last change by hand (jpm stop, scale, ...), or null. */
    jpm.daemon.state.SavedState.Changed changed;
    /** {@link jpm.ecosystem.Launch#hash()} of the spec: SHA-256 over every field, asked by every apply's observe. */
    private String launchHash;

    App(AppSpec spec, List<String> command, String owner) {
        this.owner = owner;
        redefine(spec, command);
    }

    /** Takes a new spec; running processes keep theirs until they are next spawned. */
    void redefine(AppSpec newSpec, List<String> newCommand) {
        this.spec = newSpec;
        this.launchHash = null;
        this.command = newCommand;
        this.nodeAdapter = nodeAdapter(newSpec, newCommand);
        this.policy = policyOf(newSpec, nodeAdapter);
    }

    /** The launch hash of the current spec, computed once per spec. */
    String launchHash() {
        if (launchHash == null) launchHash = spec.launch().hash();
        return launchHash;
    }

    /**
     * Whether instances run under jpm's Node adapter: cluster mode, and a command whose program
     * is node (the interpreter of .js files and of scripts without a known extension, or named).
     * The adapter shares every port the app listens on, as PM2's cluster mode does
     * (docs/cluster.md), whether or not the file names one.
     */
    static boolean nodeAdapter(AppSpec spec, List<String> command) {
        return spec.launch().execMode().equals("cluster") && isNode(command);
    }

    /**
     * Whether the daemon holds the app's listening sockets (slot sockets for its port, or the
     * ports the adapter asks for), so that a reload starts a slot's new process before the old
     * one drains instead of stopping it first.
     */
    boolean sharesSockets() {
        return spec.launch().clusterPort() != null || nodeAdapter;
    }

    /** Whether the program is node (node, node20, ...). */
    static boolean isNode(List<String> command) {
        return Interpreters.isNode(command);
    }

    static Lifecycle.Policy policyOf(AppSpec spec, boolean nodeAdapter) {
        var restart = spec.supervision().restart();
        var stop = spec.supervision().stop();
        var ready = spec.supervision().readiness();
        var first = restart.expBackoffRestartDelayMs() > 0
                ? java.time.Duration.ofMillis(restart.expBackoffRestartDelayMs()) : Lifecycle.BACKOFF_FIRST;
        return new Lifecycle.Policy(restart.autorestart(), restart.maxRestarts(), java.time.Duration.ofMillis(restart.minUptimeMs()),
                java.time.Duration.ofMillis(restart.restartDelayMs()), first, java.util.Set.copyOf(stop.stopExitCodes()),
                stop.stopSignal(), java.time.Duration.ofMillis(stop.killTimeoutMs()),
                // a Node app under the adapter reports "listening" on the port the file names, even
                // without wait_ready; without a port it may be a worker that never listens
                ready.waitReady() || nodeAdapter && spec.launch().clusterPort() != null
                        ? java.time.Duration.ofMillis(ready.listenTimeoutMs()) : null);
    }

    static String key(String namespace, String name) {
        return namespace + "\u0000" + name;
    }

    String key() {
        return key(spec.namespace(), spec.name());
    }
}
