package jpm.rpc;

/** Protocol constants shared by client and server. */
public final class Protocol {
    /** Bump when a message changes incompatibly; a mismatch is refused with a remedy. */
    public static final int VERSION = 1;
    public static final String JPM_VERSION = "0.1.0";

    private Protocol() {}
}
