package jpm.daemon;

/** What an instance's health probe last concluded (docs/health.md); an instance without a probe has none. */
public enum HealthStatus {
    /** Spawned, and the probe has not passed yet. */
    STARTING("starting"),
    HEALTHY("healthy"),
    /** Failed {@code retries} probes in a row after its start period. */
    UNHEALTHY("unhealthy");

    private final String wire;

    HealthStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
