package jpm.ecosystem;

import java.util.Set;

/**
 * The exec mode an app runs in, as PM2 decides it (its {@code determineExecMode}), and what the
 * loader tells about it. Pure: the binder finds out the facts (is it a Node app, which PORT).
 */
final class ExecModes {
    /** What the file says beside the mode. */
    enum Note {
        /** nothing to say */
        NONE,
        /** info: cluster mode without exec_mode, as PM2 runs a Node app with several instances */
        IMPLIED_CLUSTER,
        /** warning: a non-Node app in cluster mode without a port runs independent processes */
        INDEPENDENT_PROCESSES,
        /** warning: several fork-mode instances would all get one PORT, and only one can listen on it */
        ONE_PORT_FOR_ALL
    }

    record Decision(String execMode, Note note) {}

    /** Programs that start the app as their own child (npm start, yarn start): the adapter stays in them. */
    private static final Set<String> LAUNCHERS = Set.of("npm", "npx", "yarn", "pnpm");

    private ExecModes() {}

    /**
     * Whether a cluster app's script is a package manager's launcher, whose child (the app's
     * server) runs without jpm's Node adapter, so that its instances do not share its port.
     */
    static boolean startsItsAppAsAChild(String mode, String script) {
        if (mode == null || !mode.startsWith("cluster") || script == null) return false;
        String name = script.substring(script.lastIndexOf('/') + 1);
        return LAUNCHERS.contains(name) || LAUNCHERS.stream().anyMatch(l -> name.equals(l + "-cli.js") || name.equals(l + ".js"));
    }

    /**
     * @param written exec_mode as written (null when absent)
     * @param severalWritten whether instances asks for several (above 1, max, 0, negative)
     * @param instances the resolved count on this machine
     * @param node whether the app runs under node (as the daemon will choose its interpreter)
     * @param sharedPort the PORT every instance would get (port, or env PORT), or null
     * @param incrementVar the app's increment_var, or null
     */
    static Decision decide(String written, boolean severalWritten, int instances, boolean node, String sharedPort, String incrementVar) {
        boolean implied = written == null && severalWritten && node;
        String mode = implied ? "cluster" : written;
        boolean cluster = mode != null && mode.startsWith("cluster");
        Note note = Note.NONE;
        if (implied) note = Note.IMPLIED_CLUSTER;
        else if (cluster && !node && instances > 1 && incrementVar == null && sharedPort == null) note = Note.INDEPENDENT_PROCESSES;
        else if (!cluster && instances > 1 && sharedPort != null && !"PORT".equals(incrementVar)) note = Note.ONE_PORT_FOR_ALL;
        return new Decision(mode, note);
    }
}
