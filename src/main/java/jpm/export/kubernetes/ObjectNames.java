package jpm.export.kubernetes;

import java.util.Locale;

/**
 * Names Kubernetes accepts, made from jpm's: an object name (and a label value) must be a
 * DNS-1123 label, lower-case letters, digits and '-', starting and ending with a letter or digit,
 * at most 63 characters. jpm's names may hold upper case, dots, underscores and spaces.
 */
final class ObjectNames {
    /** The longest base name: a CronJob's name may have at most 52 characters, and "-restart" is added to it. */
    static final int MAX_BASE = 44;

    private ObjectNames() {}

    /** {@code My App.v2} → {@code my-app-v2}; empty or all-invalid gives {@code fallback}. */
    static String dnsLabel(String name, String fallback) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_BASE) s = s.substring(0, MAX_BASE).replaceAll("-+$", "");
        return s.isEmpty() ? fallback : s;
    }

    /** Whether {@code name} is a valid DNS-1123 label. */
    static boolean isDnsLabel(String name) {
        return name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
}
