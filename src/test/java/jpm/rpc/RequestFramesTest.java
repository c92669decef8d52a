package jpm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the daemon reads a request frame: limit by kind, admission, then the body. */
class RequestFramesTest {
    final FrameBudget budget = new FrameBudget(FrameBudget.cost(Frames.MAX_FRAME));
    final RequestFrames frames = new RequestFrames(budget, Duration.ofMillis(100));

    static byte[] frame(String head, int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) ' ');
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, body, 0, h.length);
        return ByteBuffer.allocate(4 + length).putInt(length).put(body).array();
    }

    /** A channel that counts the bytes read from it: a refused frame must not be read (nor allocated). */
    static final class Counting {
        final AtomicInteger read = new AtomicInteger();
        final ReadableByteChannel channel;

        Counting(byte[] bytes) {
            ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(bytes));
            channel = new ReadableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws java.io.IOException {
                    int n = in.read(dst);
                    if (n > 0) read.addAndGet(n);
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {}
            };
        }
    }

    @Test
    void aRequestOtherThanAnApplyBatchIsHeldToTheLowerLimitBeforeItsBodyIsRead() {
        Counting in = new Counting(frame("{\"type\":\"ping\",\"pad\":\"", 2 << 20));
        assertThatThrownBy(() -> frames.read(in.channel, Frames.Progress.NONE)).isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            assertThat(e.getMessage()).contains("exceeds the limit of " + Frames.MAX_REQUEST_FRAME);
        });
        assertThat(in.read.get()).as("the length and the first bytes only").isEqualTo(4 + Frames.PREFIX);
        assertThat(budget.available()).isEqualTo(budget.capacity());
    }

    @Test
    void anApplyBatchMayBeLargeAndHoldsItsShareUntilClosed() throws Exception {
        String batch = "{\"type\":\"execute\",\"expected_generation\":3,\"changes\":[],\"take_over\":false}";
        try (RequestFrames.Admitted f = frames.read(new Counting(frame(batch, 2 << 20)).channel, Frames.Progress.NONE)) {
            assertThat(budget.available()).isEqualTo(budget.capacity() - FrameBudget.cost(2 << 20));
            assertThat(f.decode()).isEqualTo(new Request.Execute(3, java.util.List.of()));
        }
        assertThat(budget.available()).isEqualTo(budget.capacity());
    }

    @Test
    void aFrameThatFindsTheBudgetFullForTheWholeWaitIsRefusedAsBusy() throws Exception {
        FrameBudget.Permit hog = budget.admit(Frames.MAX_FRAME, Duration.ZERO);
        int[] waiting = {0};
        Frames.Progress progress = new Frames.Progress() {
            @Override
            public void frameStarted() {}

            @Override
            public void frameWaiting() {
                waiting[0]++;
            }
        };
        Counting in = new Counting(frame("{\"type\":\"ping\"}", 100));
        assertThatThrownBy(() -> frames.read(in.channel, progress)).isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(e.getMessage()).contains("busy").contains("retry");
        });
        assertThat(waiting[0]).as("the watchdog was told the wait is the daemon's").isEqualTo(1);
        hog.close();
        assertThat(budget.available()).isEqualTo(budget.capacity());
    }

    @Test
    void aSenderThatVanishesMidFrameGivesItsShareBack() {
        byte[] whole = frame("{\"type\":\"ping\"}", 1000);
        byte[] cut = Arrays.copyOf(whole, 600);
        assertThatThrownBy(() -> frames.read(new Counting(cut).channel, Frames.Progress.NONE)).isInstanceOf(EOFException.class);
        assertThat(budget.available()).isEqualTo(budget.capacity());
    }

    @Test
    void aFrameShorterThanThePrefixIsRead() throws Exception {
        byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        byte[] f = ByteBuffer.allocate(4 + ping.length).putInt(ping.length).put(ping).array();
        try (RequestFrames.Admitted a = frames.read(new Counting(f).channel, Frames.Progress.NONE)) {
            assertThat(a.decode()).isEqualTo(new Request.Ping());
        }
        assertThat(frames.read(new Counting(new byte[0]).channel, Frames.Progress.NONE)).as("a clean end").isNull();
    }
}
