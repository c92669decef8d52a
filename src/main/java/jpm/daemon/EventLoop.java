package jpm.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The supervisor's single thread: tasks are posted from any thread and run one at a time, in
 * order, so the state they touch is never shared. A task that throws is logged and the loop
 * carries on; a task that answers a request ({@link #call}, {@link #postFor}) completes its
 * future with whatever it threw, an {@link Error} included, so no client waits forever.
 * Waiters ({@link #when}) complete after the task in which their condition came to hold.
 */
final class EventLoop {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Consumer<String> log;
    /** Runs after every task and its waiters, on the loop (the state save). */
    private final Runnable afterTask;
    private final List<Waiter> waiters = new ArrayList<>();
    /** Something a waiter's condition may depend on changed since the last check (or a waiter came). */
    private boolean waitersDue;

    private record Waiter(BooleanSupplier done, Runnable complete) {}

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

    /**
     * Runs {@code complete} on the loop after the first task at whose end {@code done} holds.
     * Conditions are checked only after a task that called {@link #changed} or added a waiter.
     */
    void when(BooleanSupplier done, Runnable complete) {
        waiters.add(new Waiter(done, complete));
        waitersDue = true;
    }

    /** Something waiters may wait for changed (the event bus calls it for every event). */
    void changed() {
        waitersDue = true;
    }

    private void checkWaiters() {
        // a completion may add waiters (a rolling reload's next step): run until none is due
        while (waitersDue) {
            waitersDue = false;
            for (Waiter w : List.copyOf(waiters)) {
                if (w.done().getAsBoolean() && waiters.remove(w)) {
                    waitersDue = true; // set first: if the completion throws, the next task checks the rest
                    w.complete().run();
                }
            }
        }
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
            checkWaiters();
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
