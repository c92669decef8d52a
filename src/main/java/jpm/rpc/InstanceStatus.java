package jpm.rpc;

/**
 * An instance's status on the wire (jlist.md): each constant is written as its {@link #wire()} name,
 * which is also what {@link #toString()} gives, so text built from it reads as jlist does.
 */
public enum InstanceStatus implements WireName {
    LAUNCHING("launching"),
    ONLINE("online"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    WAITING_RESTART("waiting-restart"),
    WAITING("waiting"),
    ERRORED("errored");

    private final String wire;

    InstanceStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The status a wire name stands for; an unknown name is an IllegalArgumentException. */
    public static InstanceStatus ofWire(String name) {
        for (InstanceStatus s : values()) {
            if (s.wire.equals(name)) return s;
        }
        throw new IllegalArgumentException("unknown instance status '" + name + "'");
    }

    @Override
    public String toString() {
        return wire;
    }
}
