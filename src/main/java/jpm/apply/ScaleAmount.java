package jpm.apply;

import jpm.ecosystem.AppSpec;

/** {@code jpm scale} amounts: "4" sets, "+2" adds, "-1" removes. Pure. */
public final class ScaleAmount {
    private ScaleAmount() {}

    public static int apply(int current, String amount) {
        String a = amount.trim();
        int n;
        try {
            n = Integer.parseInt(a.startsWith("+") ? a.substring(1) : a);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale wants N, +N or -N, got '" + amount + "'");
        }
        int to = a.startsWith("+") || a.startsWith("-") ? current + n : n;
        if (to < 1 || to > AppSpec.MAX_INSTANCES) {
            throw new IllegalArgumentException("scale to " + to + " instances is out of range 1.." + AppSpec.MAX_INSTANCES
                    + " (use `jpm stop` or `jpm delete` for none)");
        }
        return to;
    }
}
