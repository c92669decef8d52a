package jpm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The daemon-wide memory budget of requests in flight. */
class FrameBudgetTest {
    static final int MIB = 1 << 20;
    static final Duration NO_WAIT = Duration.ZERO;

    @Test
    void aFrameCostsItsBodyAndTwiceWhatItsValuesMayTake() {
        assertThat(FrameBudget.decodeAllowance(0)).isEqualTo(64 * 1024);
        assertThat(FrameBudget.decodeAllowance(MIB)).isEqualTo(5L * MIB + 64 * 1024);
        assertThat(FrameBudget.cost(0)).as("a ping still reserves room for its values").isEqualTo(128 * 1024);
        assertThat(FrameBudget.cost(100)).isEqualTo(100 + 2 * (500 + 64 * 1024));
        assertThat(FrameBudget.cost(Frames.MAX_FRAME)).isEqualTo(88 * MIB + 128 * 1024);
    }

    @Test
    void theDaemonsBudgetIsAQuarterOfItsHeapButAlwaysTakesTheLargestFrame() {
        assertThat(FrameBudget.forHeap(1024L * MIB).capacity()).isEqualTo(256 * MIB);
        assertThat(FrameBudget.forHeap(256L * MIB).capacity()).isEqualTo(FrameBudget.cost(Frames.MAX_FRAME));
        assertThat(FrameBudget.forHeap(64L * MIB).capacity()).isEqualTo(FrameBudget.cost(Frames.MAX_FRAME));
        assertThat(FrameBudget.forHeap(Long.MAX_VALUE).capacity()).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new FrameBudget(FrameBudget.cost(Frames.MAX_FRAME) - 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framesGetInWhileTheyFitAndTheNextWaitsForARelease() throws Exception {
        FrameBudget budget = new FrameBudget(FrameBudget.cost(Frames.MAX_FRAME));
        FrameBudget.Permit big = budget.admit(Frames.MAX_FRAME, NO_WAIT);
        assertThat(big).isNotNull();
        assertThat(budget.admit(Frames.MAX_FRAME, NO_WAIT)).as("a second largest frame does not fit").isNull();
        assertThat(budget.admit(Frames.MAX_FRAME, Duration.ofMillis(50))).as("nor after a short wait").isNull();

        CompletableFuture<FrameBudget.Permit> waiting = CompletableFuture.supplyAsync(() -> admit(budget, Frames.MAX_FRAME, Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        big.close();
        FrameBudget.Permit next = waiting.get(10, TimeUnit.SECONDS);
        assertThat(next).isNotNull();
        next.close();
        assertThat(budget.available()).isEqualTo(budget.capacity());
    }

    @Test
    void waitersAreServedInOrderSoSmallFramesCannotStarveALargeOne() throws Exception {
        FrameBudget budget = new FrameBudget(FrameBudget.cost(Frames.MAX_FRAME));
        FrameBudget.Permit first = budget.admit(Frames.MAX_REQUEST_FRAME, NO_WAIT);
        CompletableFuture<FrameBudget.Permit> large = CompletableFuture.supplyAsync(() -> admit(budget, Frames.MAX_FRAME, Duration.ofSeconds(30)));
        Thread.sleep(100); // the large frame is queued first
        assertThat(budget.admit(100, NO_WAIT)).as("a small frame that would fit does not jump the queue").isNull();
        first.close();
        FrameBudget.Permit got = large.get(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        got.close();
    }

    @Test
    void closingAPermitTwiceReturnsItsShareOnce() throws Exception {
        FrameBudget budget = new FrameBudget(FrameBudget.cost(Frames.MAX_FRAME));
        FrameBudget.Permit p = budget.admit(1000, NO_WAIT);
        assertThat(budget.available()).isEqualTo(budget.capacity() - FrameBudget.cost(1000));
        p.close();
        p.close();
        assertThat(budget.available()).isEqualTo(budget.capacity());
    }

    private static FrameBudget.Permit admit(FrameBudget budget, int length, Duration wait) {
        try {
            return budget.admit(length, wait);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
