package jpm.cli.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.rpc.InstanceInfo;

/**
 * The cpu and memory of each instance over the last minutes, for the app page's charts: a small
 * ring of samples per instance id, fed with every list of instances the dashboard takes. The
 * daemon keeps no history, so this one starts with the dashboard. Not thread-safe; no clock of
 * its own (the caller passes the time), so it is tested with plain numbers.
 */
final class History {
    /** One point of a chart: when (ms since the epoch), cpu %, resident memory in bytes. */
    record Sample(long atMs, double cpuPercent, long memoryBytes) {}

    private final long windowMs;
    private final int maxSamples;
    private final Map<Long, ArrayDeque<Sample>> byId = new LinkedHashMap<>();

    /** @param windowMs how far back a chart goes; @param maxSamples the most points kept per instance */
    History(long windowMs, int maxSamples) {
        this.windowMs = windowMs;
        this.maxSamples = maxSamples;
    }

    /** Adds a point for each running instance; forgets instances that are gone (deleted, scaled away). */
    void add(long nowMs, List<InstanceInfo> instances) {
        Set<Long> present = new HashSet<>();
        for (InstanceInfo i : instances) {
            present.add(i.id());
            if (i.pid() == null) continue; // nothing runs: no point, and the chart shows the gap
            ArrayDeque<Sample> ring = byId.computeIfAbsent(i.id(), k -> new ArrayDeque<>());
            ring.addLast(new Sample(nowMs, i.cpuPercent(), i.memoryBytes()));
            while (ring.size() > maxSamples) ring.removeFirst();
        }
        byId.keySet().retainAll(present);
        for (ArrayDeque<Sample> ring : byId.values()) {
            while (!ring.isEmpty() && ring.peekFirst().atMs() < nowMs - windowMs) ring.removeFirst();
        }
    }

    /** The samples of one instance, oldest first (empty when none). */
    List<Sample> of(long id) {
        ArrayDeque<Sample> ring = byId.get(id);
        return ring == null ? List.of() : new ArrayList<>(ring);
    }
}
