package jpm.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
    final AtomicInteger cutOffs = new AtomicInteger();
    final FrameQueue q = new FrameQueue(4, cutOffs::incrementAndGet);

    List<String> drain(int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(q.take());
        return out;
    }

    @Test
    void framesComeOutInOrder() throws InterruptedException {
        for (String f : List.of("a", "b", "c")) assertThat(q.offer(f)).isTrue();
        assertThat(drain(3)).containsExactly("a", "b", "c");
    }

    @Test
    void aFullQueueCountsWhatItMissesAndSaysSoOnceBeforeTheNextFrame() throws InterruptedException {
        for (String f : List.of("1", "2", "3", "4", "5", "6", "7")) assertThat(q.offer(f)).isTrue();
        // 5, 6 and 7 were missed; the reader catches up
        assertThat(drain(4)).containsExactly("1", "2", "3", "4");
        q.offer("8");
        q.offer("9");
        assertThat(drain(3)).containsExactly(WireCodec.encode(new Response.Dropped(3)), "8", "9");
        assertThat(cutOffs).hasValue(0);
    }

    @Test
    void theNoticeWaitsForRoomForItselfAndTheNextFrame() throws InterruptedException {
        for (String f : List.of("1", "2", "3", "4", "5")) q.offer(f);
        assertThat(q.take()).isEqualTo("1"); // one free slot: not enough for a notice and a frame
        q.offer("6");
        assertThat(q.take()).isEqualTo("2");
        q.offer("7");
        assertThat(drain(4)).containsExactly("3", "4", WireCodec.encode(new Response.Dropped(2)), "7");
    }

    @Test
    void aReaderThatMissesMoreThanAQueueIsEndedWithAReasonAndCutOff() throws InterruptedException {
        for (int i = 0; i < 4 + 4; i++) assertThat(q.offer("f" + i)).isTrue();
        assertThat(q.offer("one too many")).isFalse();
        assertThat(cutOffs).hasValue(1);
        assertThat(q.isClosed()).isTrue();
        String last = q.take();
        assertThat(WireCodec.decodeResponse(last)).isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.code()).isEqualTo(ErrorCode.TOO_SLOW));
        assertThat(q.take()).isNull();
        assertThat(q.offer("later")).isFalse();
    }

    @Test
    void closingWakesAWaitingReader() throws Exception {
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                assertThat(q.take()).isNull();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(50);
        q.close();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        q.close(); // idempotent
    }

    @Test
    void endingWithAFrameDropsWhatWasQueued() throws InterruptedException {
        q.offer("a");
        q.end("why");
        assertThat(drain(2)).containsExactly("why", null);
    }
}
