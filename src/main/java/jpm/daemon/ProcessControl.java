package jpm.daemon;

/** What the state machine's effects do to an instance's processes; carried out by the spawner side and the tree tracker. */
interface ProcessControl {
    /** Starts a process for the instance; the outcome comes back as Spawned or SpawnFailed. */
    void spawn(Instance inst);

    /** Signals the instance's whole tree (its group and members that left it). */
    void signalTree(Instance inst, String signal);

    /** Asks a running instance to drain: over its IPC channel if it has one, else its stop signal. */
    void drain(Instance inst);

    /** Watches the instance's tree and delivers GroupGone once no process of it is left. */
    void awaitGroupGone(Instance inst);
}
