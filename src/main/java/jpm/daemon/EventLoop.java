package jpm.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The supervisor's single thread: tasks are posted from any thread and run one at a time, in
 * order, so the state they touch is never shared. A task that throws is logged and the loop
 * carries on; a task that answers a request ({@link #call}, {@link #postFor}) completes its
 * future with whatever it threw, an {@link Error} included, so no client waits forever.
 */
final class EventLoop {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Consumer<String> log;
    /** Runs after every task, on the loop (the supervisor's waiters and state save). */
    private final Runnable afterTask;

    EventLoop(Consumer<String> log, Runnable afterTask) {
        this.log = log;
        this.afterTask = afterTask;
    }

    /** Starts the loop's thread. */
    void start(String threadName) {
        Thread.ofPlatform().name(threadName).daemon().start(this::run);
    }

    void post(Runnable task) {
        queue.add(task);
    }

    /**
     * Posts a request's body; if it throws, the request is answered with the failure instead of
     * being left hanging (the loop itself logs and carries on).
     */
    void postFor(CompletableFuture<?> f, Runnable body) {
        post(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                f.completeExceptionally(t);
                throw t;
            }
        });
    }

    /** Runs {@code body} on the loop and completes the future with its value or with what it threw. */
    <T> CompletableFuture<T> call(Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        postFor(f, () -> f.complete(body.get()));
        return f;
    }

    /** The loop: until the thread is interrupted. */
    void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            runOne(task);
        }
    }

    /** One task and the after-task step; whatever they throw is logged (one bad event must not end supervision). */
    void runOne(Runnable task) {
        try {
            task.run();
            afterTask.run();
        } catch (RuntimeException | Error e) {
            log.accept("supervisor task failed: " + stackTrace(e));
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().strip();
    }
}
