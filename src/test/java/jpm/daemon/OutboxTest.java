package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox never waits, never cuts a line by another, and refuses a user's message whole when the app is not reading. */
class OutboxTest {
    static final long EAGAIN = -11;
    static final long EPIPE = -32;

    /** A channel that takes, at each write, at most the next scripted number of bytes (or answers the scripted errno). */
    static final class Channel implements Outbox.Writer {
        final ArrayDeque<Long> room = new ArrayDeque<>();
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final List<Integer> passed = new ArrayList<>();

        Channel then(long... takes) {
            for (long t : takes) room.add(t);
            return this;
        }

        @Override
        public long write(byte[] bytes, int offset, int length, int passFd) {
            long take = room.isEmpty() ? EAGAIN : room.poll();
            if (take < 0) return take;
            int n = (int) Math.min(take, length);
            got.write(bytes, offset, n);
            if (passFd >= 0 && n > 0) passed.add(passFd);
            return n;
        }

        String text() {
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    final List<Integer> closedFds = new ArrayList<>();

    Outbox outbox(Channel c) {
        return new Outbox(c, closedFds::add);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageTheChannelTakesWholeIsSent() {
        Channel c = new Channel().then(100);
        Outbox o = outbox(c);
        assertThat(o.offer(b("{\"a\":1}\n"))).isEqualTo(Outbox.Offer.SENT);
        assertThat(o.idle()).isTrue();
        assertThat(c.text()).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void aMessageBegunIsSentAndTheRestFollowsAsTheAppReads() {
        Channel c = new Channel().then(3);
        Outbox o = outbox(c);
        assertThat(o.offer(b("abcdef\n"))).isEqualTo(Outbox.Offer.SENT);
        assertThat(o.idle()).isFalse();
        assertThat(o.flush()).isFalse(); // still no room
        c.then(2, 100);
        assertThat(o.flush()).isTrue();
        assertThat(c.text()).isEqualTo("abcdef\n");
    }

    @Test
    void aMessageOfWhichNotAByteGoesIsRefusedWhole() {
        Channel c = new Channel().then(EAGAIN);
        Outbox o = outbox(c);
        assertThat(o.offer(b("abc\n"))).isEqualTo(Outbox.Offer.FULL);
        assertThat(o.idle()).isTrue(); // nothing kept for later: the user was told it was not sent
        c.then(100);
        assertThat(o.flush()).isTrue();
        assertThat(c.text()).isEmpty();
    }

    @Test
    void whileAnEarlierLineWaitsAMessageIsRefusedAndJpmsOwnLinesQueueBehindIt() {
        Channel c = new Channel().then(2);
        Outbox o = outbox(c);
        assertThat(o.offer(b("first\n"))).isEqualTo(Outbox.Offer.SENT);
        assertThat(o.offer(b("second\n"))).isEqualTo(Outbox.Offer.FULL);
        assertThat(o.push(b("{\"jpm\":\"drain\"}\n"), 7)).isTrue();
        c.then(100, 100);
        assertThat(o.flush()).isTrue();
        assertThat(c.text()).isEqualTo("first\n{\"jpm\":\"drain\"}\n"); // never interleaved
        assertThat(c.passed).containsExactly(7);
        assertThat(closedFds).containsExactly(7); // the outbox's copy, closed once it went
    }

    @Test
    void aChannelThatFailsIsClosedAndWhatWaitsIsDropped() {
        Channel c = new Channel().then(1);
        Outbox o = outbox(c);
        assertThat(o.offer(b("abc\n"))).isEqualTo(Outbox.Offer.SENT);
        assertThat(o.push(b("x\n"), 9)).isTrue();
        c.then(EPIPE);
        assertThat(o.flush()).isTrue(); // done: gone
        assertThat(o.closed()).isTrue();
        assertThat(closedFds).containsExactly(9);
        assertThat(o.offer(b("y\n"))).isEqualTo(Outbox.Offer.CLOSED);
        assertThat(o.push(b("z\n"), 10)).isFalse();
        assertThat(closedFds).containsExactly(9, 10);
    }

    @Test
    void aFailureOnTheFirstWriteIsClosed() {
        Outbox o = outbox(new Channel().then(EPIPE));
        assertThat(o.offer(b("abc\n"))).isEqualTo(Outbox.Offer.CLOSED);
    }

    @Test
    void closeDropsWhatWaitsAndClosesDescriptorsNotSentYet() {
        Channel c = new Channel().then(1);
        Outbox o = outbox(c);
        assertThat(o.push(b("handle\n"), 5)).isTrue(); // its descriptor went with the first byte
        assertThat(o.push(b("other\n"), 6)).isTrue();
        o.close();
        assertThat(closedFds).containsExactly(5, 6);
        assertThat(o.idle()).isTrue();
    }
}
