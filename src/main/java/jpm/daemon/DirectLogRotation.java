package jpm.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jpm.logs.Rotation;
import jpm.logs.RotationPolicy;

/**
 * Direct mode: the child holds its log files, so a file over log_max_size is copied aside and
 * truncated, off the loop. (Piped files rotate in their writer, between two lines.)
 */
final class DirectLogRotation {
    private final Consumer<String> log;
    /** Files being copied aside right now. */
    private final Set<Path> rotating = ConcurrentHashMap.newKeySet();

    DirectLogRotation(Consumer<String> log) {
        this.log = log;
    }

    /** Starts a rotation of every direct-mode file over its limit (called by the periodic scan). */
    void check(Iterable<App> apps) {
        for (App a : apps) {
            RotationPolicy policy = Launcher.rotationOf(a.spec);
            if (!policy.enabled() || a.spec.launch().piped()) continue;
            for (Instance i : a.instances) {
                for (Path path : new Path[] {i.outLog, i.errLog}) rotateIfOver(path, policy);
            }
        }
    }

    private void rotateIfOver(Path path, RotationPolicy policy) {
        if (rotating.contains(path)) return;
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            return;
        }
        if (size < policy.maxBytes() || !rotating.add(path)) return;
        Thread.ofVirtual().name("jpm-rotate").start(() -> {
            try {
                Rotation.copyTruncate(path, policy, log);
            } catch (IOException e) {
                log.accept("cannot rotate " + path + ": " + e.getMessage());
            } finally {
                rotating.remove(path);
            }
        });
    }
}
