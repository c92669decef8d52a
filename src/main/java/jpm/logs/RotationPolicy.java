package jpm.logs;

/**
 * When and how a log file rotates: at {@code maxBytes} (0 = never), keeping {@code retain}
 * rotated files, gzipped if {@code compress}.
 */
public record RotationPolicy(long maxBytes, int retain, boolean compress) {
    public static final RotationPolicy NEVER = new RotationPolicy(0, 0, false);

    public boolean enabled() {
        return maxBytes > 0;
    }
}
