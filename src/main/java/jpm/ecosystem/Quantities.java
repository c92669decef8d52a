package jpm.ecosystem;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Durations and memory sizes as ecosystem files write them (PM2 compatible): a number
 * is milliseconds or bytes; a string may carry a unit. The schema's patterns admit exactly the
 * strings these methods read.
 */
public final class Quantities {
    private Quantities() {}

    /** {@code 1500}, {@code "1500"}, {@code "500ms"}, {@code "1.5s"}, {@code "2m"}, {@code "1h"} → milliseconds. */
    public static long durationMs(Object value) {
        if (value instanceof Number n) return round(new BigDecimal(n.toString()));
        String s = ((String) value).trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("ms")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("s")) { unit = 1000; s = s.substring(0, s.length() - 1); }
        else if (s.endsWith("m")) { unit = 60_000; s = s.substring(0, s.length() - 1); }
        else if (s.endsWith("h")) { unit = 3_600_000; s = s.substring(0, s.length() - 1); }
        return round(new BigDecimal(s).multiply(BigDecimal.valueOf(unit)));
    }

    /** {@code 1048576}, {@code "512K"}, {@code "200M"}, {@code "1G"}, {@code "1.5GB"} → bytes (1024-based). */
    public static long memoryBytes(Object value) {
        if (value instanceof Number n) return round(new BigDecimal(n.toString()));
        String s = ((String) value).trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("B")) s = s.substring(0, s.length() - 1);
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> { }
            }
        }
        if (unit > 1) s = s.substring(0, s.length() - 1);
        return round(new BigDecimal(s).multiply(BigDecimal.valueOf(unit)));
    }

    private static long round(BigDecimal v) {
        try {
            return v.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException("is too large");
        }
    }
}
