package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** When the daemon collects its heap to give a burst's growth back. */
class HeapTrimTest {
    static final long MIB = 1L << 20;
    static final long S = TimeUnit.SECONDS.toNanos(1);

    @ParameterizedTest(name = "committed {0} MiB, live {1} MiB, {2} s since the last: {3}")
    @CsvSource({
            // nothing collected yet: 16 MiB may sit committed
            "16, 0, 30, false",
            "17, 0, 30, true",
            // the 1,000-app burst: 11 MiB live, 70 MiB committed
            "70, 11, 30, true",
            "70, 11, 29, false",
            // after its collection the heap sits near what lives: left alone
            "23, 11, 300, false",
            // a large heap may sit at up to twice what lives
            "200, 100, 300, false",
            "201, 100, 300, true",
            // a long burst: at most one collection per 30 s
            "250, 20, 10, false",
    })
    void due(long committedMib, long liveMib, long sinceS, boolean due) {
        assertThat(HeapTrim.due(committedMib * MIB, liveMib * MIB, sinceS * S)).isEqualTo(due);
    }

    @Test
    void aCheckCollectsWhenDueAndRemembersWhatLivedAfter() {
        long[] committed = {70 * MIB};
        long[] used = {60 * MIB};
        long[] now = {0};
        HeapTrim trim = new HeapTrim(() -> committed[0], () -> used[0], () -> {
            used[0] = 11 * MIB;
            committed[0] = 23 * MIB;
        }, () -> now[0]);

        now[0] = 10 * S;
        trim.check();
        assertThat(trim.collections()).as("within 30 s of the daemon's start").isZero();

        now[0] = 31 * S;
        trim.check();
        assertThat(trim.collections()).isEqualTo(1);

        // the heap grows again, but not past twice what lived after the collection
        committed[0] = 27 * MIB;
        now[0] = 100 * S;
        trim.check();
        assertThat(trim.collections()).isEqualTo(1);

        // another burst
        committed[0] = 40 * MIB;
        trim.check();
        assertThat(trim.collections()).isEqualTo(2);
    }
}
