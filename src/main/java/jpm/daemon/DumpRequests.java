package jpm.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.ecosystem.CommandResolver;
import jpm.ecosystem.SpecException;
import jpm.home.JpmHome;
import jpm.rpc.ErrorCode;
import jpm.rpc.Response;

/** {@code jpm save} and {@code jpm resurrect}: the apps' definitions to dump.json and back. */
final class DumpRequests {
    private final Apps apps;
    private final EventLoop loop;
    private final Persistence persistence;
    private final CommandResolver resolver;
    private final LogPaths logs;
    private final AppChanges changes;
    private final JpmHome home;

    DumpRequests(Apps apps, EventLoop loop, Persistence persistence, CommandResolver resolver, LogPaths logs, AppChanges changes,
                 JpmHome home) {
        this.apps = apps;
        this.loop = loop;
        this.persistence = persistence;
        this.resolver = resolver;
        this.logs = logs;
        this.changes = changes;
        this.home = home;
    }

    /** {@code jpm save}: the definitions only (no pids): what resurrect starts again. Runs on the loop. */
    Response save() {
        try {
            return new Response.Done("saved " + persistence.saveDump() + " app(s) to " + home.dumpFile());
        } catch (IOException | RuntimeException e) {
            return new Response.Failure(ErrorCode.INTERNAL, "cannot write " + home.dumpFile() + " (the previous dump stays): "
                    + e.getMessage());
        }
    }

    /** {@code jpm resurrect}: starts the dump's apps that the daemon does not have; the others are left alone. */
    CompletableFuture<Response> resurrect() {
        SavedState dump;
        try {
            dump = persistence.loadDump();
        } catch (NewerFormatException e) {
            return CompletableFuture.completedFuture(new Response.Failure(ErrorCode.INTERNAL, "cannot resurrect: " + e.getMessage()));
        }
        Map<String, List<String>> commands = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (SavedState.SavedApp a : dump.apps()) {
            try {
                commands.put(a.spec().id(), resolver.resolve(a.spec()));
            } catch (SpecException e) {
                problems.add(e.getMessage());
            }
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            int started = 0;
            int present = 0;
            for (SavedState.SavedApp a : dump.apps()) {
                List<String> command = commands.get(a.spec().id());
                if (command == null) continue;
                if (apps.get(a.spec().namespace(), a.spec().name()) != null) {
                    present++;
                    continue;
                }
                try {
                    LogDirs.ensure(logs.dirFor(a.spec().namespace()));
                    changes.create(a.spec(), command, a.owner());
                    started++;
                } catch (IOException e) {
                    problems.add(a.spec().id() + ": " + e.getMessage());
                }
            }
            if (started > 0) apps.bumpGeneration();
            String msg = "resurrected " + started + " app(s) from " + home.dumpFile() + ", " + present + " already running"
                    + (problems.isEmpty() ? "" : "; not started: " + String.join("; ", problems));
            f.complete(new Response.Done(msg));
        });
        return f;
    }
}
