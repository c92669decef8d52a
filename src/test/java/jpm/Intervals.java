package jpm;

import java.util.ArrayList;
import java.util.List;

/** Time intervals that tests record (e.g. one line "start end" per run of a hook, in ns). */
public final class Intervals {
    private Intervals() {}

    /** The most intervals ("start end") that overlap at one instant; one that ends as another starts does not overlap it. */
    public static int maxOverlap(List<String> lines) {
        List<long[]> points = new ArrayList<>();
        for (String l : lines) {
            String[] p = l.trim().split(" ");
            points.add(new long[] {Long.parseLong(p[0]), 1});
            points.add(new long[] {Long.parseLong(p[1]), -1});
        }
        points.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1])); // ends before starts
        int now = 0;
        int max = 0;
        for (long[] p : points) max = Math.max(max, now += (int) p[1]);
        return max;
    }
}
