package jpm.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jpm.ecosystem.EcosystemLoader;
import jpm.git.BranchClone;
import jpm.git.Git;
import jpm.git.GitException;
import jpm.home.JpmHome;
import jpm.rpc.ErrorCode;
import jpm.rpc.GitCommit;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.RpcClient;
import jpm.rpc.SyncSourceInfo;

/**
 * {@code jpm sync}: the sources the daemon follows, each looked at on its interval by one thread
 * of its own ({@code jpm-sync}), never the daemon's loop. A look runs {@link SyncTick}, which
 * applies through the daemon's own socket as any client would; the requests (add, rm, now) run on
 * the same thread, so a source is never looked at twice at once. sources.json keeps every source
 * and its status, so a restarted daemon goes on where this one stopped.
 */
public final class SyncService {
    /** What the daemon's bus is told. */
    public interface Listener {
        void applied(String source, String commit, String summary);

        /** @param restored the good commit that runs again, or null */
        void failed(String source, String commit, String error, String restored);
    }

    private final JpmHome home;
    private final Git git;
    private final Listener listener;
    private final Consumer<String> log;
    private final SourcesFile file;
    private final SyncTick tick;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("jpm-sync").daemon().unstarted(r));
    /** Touched on the sync thread only; {@link #views} is what other threads read. */
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> schedules = new HashMap<>();
    private volatile List<SyncSourceInfo> views = List.of();
    private volatile boolean closed;
    /** Answers not given yet: a close answers them, so no client waits for a thread that is gone. */
    private final java.util.Set<CompletableFuture<Response>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** With the user's {@code git} on PATH (their credentials and configuration). */
    public SyncService(JpmHome home, Clock clock, Listener listener, Consumer<String> log) {
        this(home, Git.onPath(), clock, listener, log, SyncTick.CONVERGE_TIMEOUT);
    }

    SyncService(JpmHome home, Git git, Clock clock, Listener listener, Consumer<String> log, Duration timeout) {
        this.home = home;
        this.git = git;
        this.listener = listener;
        this.log = log;
        this.file = new SourcesFile(home.syncDir());
        // uid and gid are checked for form here; the daemon refuses an unknown one when it spawns
        this.tick = new SyncTick(() -> RpcClient.connect(home.socket(), "jpm-sync"),
                new EcosystemLoader(Runtime.getRuntime().availableProcessors()), clock, log, timeout);
    }

    /** Reads sources.json and starts following each source; call once the daemon's socket serves. */
    public void start() {
        if (!java.nio.file.Files.exists(file.file())) return; // never used: no thread until the first jpm sync
        thread.execute(() -> {
            try {
                for (Source s : file.read()) sources.put(s.name(), s);
            } catch (IOException e) {
                // set aside, not overwritten by the next add: the sources can be read from it by hand
                Path aside = file.file().resolveSibling("sources.json.corrupt");
                try {
                    java.nio.file.Files.move(file.file(), aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    log.accept("sync: cannot move " + file.file() + " aside: " + moveFailed.getMessage());
                }
                log.accept("sync: " + e.getMessage() + "; moved to " + aside + ", no source is followed: add them again");
                return;
            }
            publish();
            for (Source s : List.copyOf(sources.values())) {
                try {
                    resume(s);
                } catch (RuntimeException e) {
                    log.accept("sync " + s.name() + ": " + e);
                }
                schedule(sources.get(s.name()), 0);
            }
            if (!sources.isEmpty()) log.accept("sync: following " + sources.size() + " source(s)");
        });
    }

    /** Stops following: a look under way is interrupted and its result dropped (the next daemon looks again). */
    public void close() {
        closed = true;
        thread.shutdownNow();
        for (CompletableFuture<Response> answer : pending) {
            answer.complete(new Response.Failure(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down"));
        }
    }

    public List<SyncSourceInfo> list() {
        return views;
    }

    public CompletableFuture<Response> add(Request.SyncAdd a) {
        return onThread(() -> addNow(a));
    }

    public CompletableFuture<Response> remove(String name) {
        return onThread(() -> {
            Source s = sources.get(name);
            if (s == null) return notFound(name);
            sources.remove(name);
            ScheduledFuture<?> f = schedules.remove(name);
            if (f != null) f.cancel(false);
            save();
            return new Response.Done("stopped following " + name + "; its apps keep running, and its clone stays in "
                    + cloneDir(name) + " (their files may be in it): delete it by hand once no app uses it");
        });
    }

    /** Looks at one source (or all) now; answered with their status afterwards. */
    public CompletableFuture<Response> now(String name, boolean retry) {
        return onThread(() -> {
            if (name != null && !sources.containsKey(name)) return notFound(name);
            List<SyncSourceInfo> out = new ArrayList<>();
            for (String n : name == null ? List.copyOf(sources.keySet()) : List.of(name)) {
                Source s = look(sources.get(n), retry);
                if (s != null) out.add(SourceView.of(s));
            }
            return new Response.SyncSources(out);
        });
    }

    private Response addNow(Request.SyncAdd a) throws GitException, IOException {
        String url = a.url().strip();
        String name = SourceName.check(a.name() == null ? SourceName.fromUrl(url) : a.name());
        String path = SourceSettings.path(a.path());
        String branch = a.branch() == null || a.branch().isBlank() ? "main" : a.branch().strip();
        Duration interval = a.interval() == null ? SourceSettings.DEFAULT_INTERVAL : SourceSettings.interval(a.interval());
        if (sources.containsKey(name)) {
            throw new IllegalArgumentException("a sync source named " + name + " exists already (" + sources.get(name).url()
                    + "); choose another with --name, or jpm sync rm " + name + " first");
        }
        Source s = new Source(name, url, branch, path, interval.toMillis(), a.prune(), a.env(), Source.Status.NEW);
        JpmHome.ensurePrivateDir(home.syncDir()); // before the clone: a private repository's files stay private
        BranchClone clone = clone(s);
        boolean fresh = !clone.existsForUrl();
        if (fresh) {
            if (java.nio.file.Files.exists(clone.dir())) {
                throw new IllegalArgumentException(clone.dir() + " exists and is not a clone of " + url
                        + " (left by an earlier source?): delete it, or choose another --name");
            }
            clone.create();
        }
        String head = clone.fetch();
        if (!clone.hasFile(head, path)) {
            if (fresh) deleteTree(clone.dir());
            throw new IllegalArgumentException("no file " + path + " in branch " + branch + " of " + url + " (at " + GitCommit.shortName(head)
                    + "): check --path");
        }
        sources.put(name, s);
        save();
        log.accept("sync: following " + name + " (" + url + " " + branch + ":" + path + " every " + interval.toSeconds() + " s)");
        Source after = look(s, false);
        schedule(after, interval.toMillis());
        return new Response.SyncSources(List.of(SourceView.of(after)));
    }

    /** One look at a source, its status saved and told. Null when the service closed meanwhile. */
    private Source look(Source s, boolean retry) {
        SyncTick.Result r = tick.run(s, clone(s), retry);
        if (closed || !sources.containsKey(s.name())) return null;
        Source next = s.with(r.status());
        sources.put(s.name(), next);
        saveIfChanged(s.status(), r.status());
        switch (r.report()) {
            case null -> { }
            case SyncTick.Report.Applied ap -> listener.applied(s.name(), ap.commit(), ap.summary());
            case SyncTick.Report.Failed f -> listener.failed(s.name(), f.commit(), f.error(), f.restored());
        }
        return next;
    }

    /** A look that changed nothing but its time is not written: an interval of 1 s must not mean a write and an fsync each second. */
    private void saveIfChanged(Source.Status before, Source.Status after) {
        if (before.durable().equals(after.durable())) {
            publish();
            return;
        }
        try {
            save();
        } catch (IOException e) {
            log.accept("sync: cannot save " + file.file() + ": " + e.getMessage());
        }
    }

    /** A new daemon applies the commit that ran again, so apps a `jpm kill` stopped come back; adopted ones do not restart. */
    private void resume(Source s) {
        SyncTick.Result r = tick.resume(s, clone(s));
        if (closed) return;
        sources.put(s.name(), s.with(r.status()));
        saveIfChanged(s.status(), r.status());
    }

    private void schedule(Source s, long firstDelayMs) {
        String name = s.name();
        schedules.put(name, thread.scheduleWithFixedDelay(() -> {
            Source now = sources.get(name);
            if (now == null || closed) return;
            try {
                look(now, false);
            } catch (RuntimeException e) {
                log.accept("sync " + name + ": " + e); // the next interval looks again
            }
        }, firstDelayMs, s.intervalMs(), TimeUnit.MILLISECONDS));
    }

    private BranchClone clone(Source s) {
        return new BranchClone(git, cloneDir(s.name()), s.url(), s.branch());
    }

    private Path cloneDir(String name) {
        return home.syncDir().resolve(name);
    }

    private void save() throws IOException {
        file.write(List.copyOf(sources.values()));
        publish();
    }

    private void publish() {
        views = sources.values().stream().map(SourceView::of).toList();
    }

    private static Response notFound(String name) {
        return new Response.Failure(ErrorCode.NOT_FOUND, "no sync source named " + name + " (jpm sync ls lists them)");
    }

    private interface Work {
        Response run() throws Exception;
    }

    /** Runs a request on the sync thread; a user's mistake or git's refusal is answered as such. */
    private CompletableFuture<Response> onThread(Work work) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        pending.add(answer);
        answer.whenComplete((r, e) -> pending.remove(answer));
        try {
            thread.execute(() -> {
                try {
                    answer.complete(work.run());
                } catch (IllegalArgumentException e) {
                    answer.complete(new Response.Failure(ErrorCode.BAD_REQUEST, e.getMessage()));
                } catch (GitException e) {
                    answer.complete(new Response.Failure(ErrorCode.NOT_FOUND, e.getMessage()));
                } catch (Exception e) {
                    answer.complete(new Response.Failure(ErrorCode.INTERNAL, "sync: " + e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer.complete(new Response.Failure(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down"));
        }
        return answer;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = java.nio.file.Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
        }
    }
}
