package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jpm.home.JpmHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pacing of state.json's writes: a burst of changes makes few writes, a command's answer waits for its write. */
class PersistenceTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    private JpmHome home;
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final LinkedBlockingQueue<Runnable> posted = new LinkedBlockingQueue<>();
    private ScheduledExecutorService timers;
    private Persistence persistence;

    @BeforeEach
    void setUp() throws Exception {
        home = new JpmHome(dir.resolve("home"));
        home.prepare();
        timers = Executors.newSingleThreadScheduledExecutor();
        // each reading of the clock advances it by 10 ms: a write "takes" 10 ms, the next may
        // follow 40 ms after its end, and each task in between is 10 ms later than the one before
        persistence = new Persistence(new Apps(Clock.systemUTC()), home, new EventBus(), timers, posted::add,
                () -> now.getAndAdd(10 * MS), line -> {});
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
    }

    @Test
    void theDelayIsFourTimesTheLastWriteLessTheTimeSinceItCappedAtHalfASecond() {
        record Row(long sinceMs, long lastWriteMs, long delayMs) {}
        List<Row> rows = List.of(
                new Row(0, 0, 0),          // nothing written yet, or writes that cost nothing: at once
                new Row(0, 2, 8),          // 100 instances: 8 ms after a write of 2 ms
                new Row(3, 2, 5),
                new Row(8, 2, 0),
                new Row(100, 2, 0),
                new Row(0, 50, 200),       // 10,000 instances: 200 ms after a write of 50 ms
                new Row(150, 50, 50),
                new Row(0, 400, 500),      // never more than MAX_DELAY
                new Row(499, 400, 1),
                new Row(1_000, 400, 0));
        List<Long> got = new ArrayList<>();
        for (Row r : rows) got.add(Persistence.delayNanos(r.sinceMs * MS, r.lastWriteMs * MS) / MS);
        assertThat(got).containsExactlyElementsOf(rows.stream().map(Row::delayMs).toList());
    }

    @Test
    void aChangeRightAfterAWriteWaitsForAQueuedTaskAndBurstsMakeOneWrite() throws Exception {
        Path state = home.stateFile();
        persistence.retry();
        persistence.endOfTask();
        assertThat(state).as("the first change is written at once").exists();
        Files.delete(state);
        for (int i = 0; i < 3; i++) { // 10, 20, 30 ms after the write: within its gap
            persistence.retry();
            persistence.endOfTask();
        }
        assertThat(state).as("within the gap: not yet").doesNotExist();
        Runnable writeTask = posted.poll(30, TimeUnit.SECONDS);
        assertThat(writeTask).as("one task queued for the burst").isNotNull();
        assertThat(posted).isEmpty();
        now.addAndGet(100 * MS); // the gap has passed when the loop runs that task
        writeTask.run();
        persistence.endOfTask();
        assertThat(state).as("written after the queued task").exists();
    }

    @Test
    void flushWritesAtOnceEvenWithinTheGap() throws Exception {
        Path state = home.stateFile();
        persistence.retry();
        persistence.endOfTask();
        Files.delete(state);
        persistence.retry();
        persistence.flush();
        assertThat(state).exists();
        Files.delete(state);
        persistence.endOfTask();
        assertThat(state).as("nothing left to write").doesNotExist();
    }
}
