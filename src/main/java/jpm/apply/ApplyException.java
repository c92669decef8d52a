package jpm.apply;

import java.util.List;
import jpm.rpc.InstanceInfo;

/** Apply could not converge: the message names the apps and why; {@link #failing()} has the details. */
public final class ApplyException extends RuntimeException {
    /**
     * An instance that failed to come up, as the daemon last reported it.
     *
     * @param app namespace/name
     * @param maxRestarts the app's max_restarts (for "restart N of M")
     * @param why what made it failing ({@link Convergence})
     */
    public record Failing(String app, InstanceInfo instance, int maxRestarts, String why) {}

    private final transient List<Failing> failing;

    public ApplyException(String message) {
        this(message, List.of());
    }

    public ApplyException(String message, List<Failing> failing) {
        super(message);
        this.failing = List.copyOf(failing);
    }

    /** The instances that failed (empty when the apply failed for another reason, e.g. its deadline). */
    public List<Failing> failing() {
        return failing;
    }
}
