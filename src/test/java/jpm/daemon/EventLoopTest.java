package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The supervisor's loop: every request it runs is answered, whatever its body throws. */
class EventLoopTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger afterTasks = new AtomicInteger();
    private final EventLoop loop = new EventLoop(log::add, afterTasks::incrementAndGet);

    {
        loop.start("test-loop");
    }

    @Test
    void aCallAnswersWithItsValue() throws Exception {
        assertThat(loop.call(() -> 42).get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void anErrorInACallAnswersTheRequestAndTheLoopCarriesOn() throws Exception {
        CompletableFuture<Object> failed = loop.call(() -> {
            throw new StackOverflowError("deep");
        });
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StackOverflowError.class);
        // the loop is still there, and says what happened in the daemon's log, with where
        assertThat(loop.call(() -> "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(log).singleElement().asString().startsWith("supervisor task failed: java.lang.StackOverflowError: deep")
                .contains("EventLoopTest");
    }

    @Test
    void aRuntimeExceptionInACallAnswersTheRequest() {
        CompletableFuture<Object> failed = loop.call(() -> {
            throw new IllegalStateException("bad state");
        });
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad state");
    }

    @Test
    void anErrorInAPostedRequestBodyAnswersItsFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        loop.postFor(f, () -> {
            throw new AssertionError("broken invariant");
        });
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void theAfterTaskStepRunsAfterEachTaskInOrder() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.post(() -> seen.add(n));
        }
        loop.call(() -> null).get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        assertThat(afterTasks.get()).isGreaterThanOrEqualTo(5);
    }
}
