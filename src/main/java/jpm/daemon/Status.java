package jpm.daemon;

/** The status of one instance, as jlist shows it ({@link #wire()}). See docs/states.md. */
public enum Status {
    LAUNCHING("launching"),
    ONLINE("online"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    WAITING_RESTART("waiting-restart"),
    /** Not started yet: its app's dependencies do not meet their conditions (DependencyGate). */
    WAITING("waiting"),
    ERRORED("errored");

    private final String wire;

    Status(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True when no process of the instance runs and none is about to be started by jpm on its own. */
    public boolean settledDown() {
        return this == STOPPED || this == ERRORED;
    }
}
