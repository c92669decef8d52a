package jpm.cli.monit;

import java.util.List;

/**
 * A series of samples as a row of bar characters, the newest on the right: {@code ▁▂▃▅▇}, or
 * {@code _.-=#} where the terminal cannot show Unicode. Pure.
 */
final class Sparkline {
    static final String BARS = "▁▂▃▄▅▆▇█";
    static final String ASCII_BARS = "_.-=#";
    static final double CPU_FLOOR = 5.0;

    private Sparkline() {}

    /**
     * The last {@code width} samples on a scale from {@code low} to {@code high}, left-padded with
     * spaces to {@code width}: a value at or below {@code low} is the lowest bar, at or above
     * {@code high} the highest; on a scale of nothing ({@code high <= low}) every sample is the lowest.
     */
    static String render(List<Double> samples, int width, double low, double high, boolean unicode) {
        if (width <= 0) return "";
        String bars = unicode ? BARS : ASCII_BARS;
        List<Double> last = samples.subList(Math.max(0, samples.size() - width), samples.size());
        StringBuilder sb = new StringBuilder(" ".repeat(width - last.size()));
        for (double v : last) sb.append(bars.charAt(level(v - low, high - low, bars.length())));
        return sb.toString();
    }

    /** CPU %: from 0 to the largest sample, at least {@link #CPU_FLOOR} % (so that an idle process stays flat at the bottom). */
    static String cpu(List<Double> samples, int width, boolean unicode) {
        double high = Math.max(CPU_FLOOR, last(samples, width).stream().mapToDouble(Double::doubleValue).max().orElse(0));
        return render(samples, width, 0, high, unicode);
    }

    /**
     * Memory: from 0 to the largest sample, so that a bar is a share of the window's peak (the
     * smallest sample as the bottom would blow a few kilobytes of noise up to the full height).
     */
    static String memory(List<Double> samples, int width, boolean unicode) {
        double high = last(samples, width).stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return render(samples, width, 0, high, unicode);
    }

    private static List<Double> last(List<Double> samples, int width) {
        return samples.subList(Math.max(0, samples.size() - Math.max(0, width)), samples.size());
    }

    /** The bar for a value above the bottom of the scale: 0 for nothing, the top one at or above {@code top}. */
    static int level(double v, double top, int levels) {
        if (top <= 0 || v <= 0 || Double.isNaN(v)) return 0;
        if (v >= top) return levels - 1;
        return Math.min(levels - 1, (int) Math.ceil(v / top * (levels - 1)));
    }
}
