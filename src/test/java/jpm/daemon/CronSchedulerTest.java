package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jpm.ecosystem.CronSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quartz behind cron_restart: fires, replaces, removes, shuts down. */
class CronSchedulerTest {
    static final CronSchedule EVERY_SECOND = CronSchedule.parse("* * * * * *");
    static final CronSchedule NIGHTLY = CronSchedule.parse("0 3 * * *");
    static final Duration WAIT = Duration.ofSeconds(10);

    final CronScheduler cron = new CronScheduler();

    @AfterEach
    void close() {
        cron.close();
    }

    @Test
    void aSixFieldScheduleFiresEverySecond() {
        AtomicInteger fired = new AtomicInteger();
        cron.schedule("default/api", EVERY_SECOND, fired::incrementAndGet);
        await().atMost(WAIT).until(() -> fired.get() >= 2);
    }

    @Test
    void onFireRunsOnADaemonThreadOfThisScheduler() {
        String[] thread = new String[1];
        boolean[] daemon = new boolean[1];
        AtomicInteger fired = new AtomicInteger();
        cron.schedule("a", EVERY_SECOND, () -> {
            thread[0] = Thread.currentThread().getName();
            daemon[0] = Thread.currentThread().isDaemon();
            fired.incrementAndGet();
        });
        await().atMost(WAIT).until(() -> fired.get() >= 1);
        assertThat(thread[0]).startsWith(cron.name());
        assertThat(daemon[0]).isTrue();
    }

    @Test
    void theFirstFireIsAfterTheScheduleIsSetNotInTheSecondThatHasBegun() {
        for (int i = 0; i < 5; i++) {
            Instant before = Instant.now();
            cron.schedule("a", EVERY_SECOND, () -> {});
            assertThat(cron.nextFire("a").orElseThrow()).isAfter(before).isBeforeOrEqualTo(before.plusSeconds(1));
        }
    }

    @Test
    void replacingAScheduleStopsTheOldOne() {
        AtomicInteger old = new AtomicInteger();
        AtomicInteger replacement = new AtomicInteger();
        cron.schedule("a", EVERY_SECOND, old::incrementAndGet);
        await().atMost(WAIT).until(() -> old.get() >= 1);
        cron.schedule("a", EVERY_SECOND, replacement::incrementAndGet);
        assertThatOnlyThisKeepsFiring(replacement, old);
    }

    @Test
    void replacingWithAnotherTimeMovesTheNextFire() {
        cron.schedule("a", EVERY_SECOND, () -> {});
        assertThat(cron.nextFire("a").orElseThrow()).isBefore(Instant.now().plusSeconds(2));
        cron.schedule("a", NIGHTLY, () -> {});
        assertThat(cron.nextFire("a")).isEqualTo(NIGHTLY.nextAfter(Instant.now(), ZoneId.systemDefault()));
    }

    @Test
    void unschedulingStopsIt() {
        assertThatItStopsFiringAfter(c -> c.unschedule("a"));
        cron.unschedule("a"); // twice, or a key never scheduled: nothing happens
        cron.unschedule("never");
    }

    @Test
    void aDisabledScheduleUnschedules() {
        assertThatItStopsFiringAfter(c -> c.schedule("a", CronSchedule.parse("0"), () -> {}));
    }

    private void assertThatItStopsFiringAfter(Consumer<CronScheduler> stop) {
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger witness = new AtomicInteger();
        cron.schedule("a", EVERY_SECOND, fired::incrementAndGet);
        cron.schedule("witness", EVERY_SECOND, witness::incrementAndGet);
        await().atMost(WAIT).until(() -> fired.get() >= 1);
        stop.accept(cron);
        assertThat(cron.nextFire("a")).isEmpty();
        assertThatOnlyThisKeepsFiring(witness, fired);
    }

    @Test
    void aScheduleWhoseTimesArePastIsNotSet() {
        cron.schedule("a", NIGHTLY, () -> {});
        cron.schedule("a", CronSchedule.parse("0 0 0 * * * 2020"), () -> {});
        assertThat(cron.nextFire("a")).isEmpty();
    }

    @Test
    void nextFireIsInTheFutureAndFollowsTheSchedule() {
        Instant before = Instant.now();
        cron.schedule("nightly", NIGHTLY, () -> {});
        Instant next = cron.nextFire("nightly").orElseThrow();
        assertThat(next).isAfter(before).isBefore(before.plus(Duration.ofHours(25)));
        assertThat(next.atZone(ZoneId.systemDefault()).getHour()).isEqualTo(3);
        assertThat(cron.nextFire("unknown")).isEmpty();
    }

    @Test
    void nothingStartsBeforeTheFirstSchedule() {
        try (CronScheduler idle = new CronScheduler()) {
            assertThat(idle.nextFire("a")).isEmpty();
            idle.unschedule("a");
            idle.schedule("a", CronSchedule.parse("0"), () -> {});
            assertThat(threadsOf(idle)).isEmpty();
        }
    }

    @Test
    void severalSchedulersRunSideBySide() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        try (CronScheduler other = new CronScheduler()) {
            assertThat(other.name()).isNotEqualTo(cron.name());
            cron.schedule("a", EVERY_SECOND, first::incrementAndGet);
            other.schedule("a", EVERY_SECOND, second::incrementAndGet);
            await().atMost(WAIT).until(() -> first.get() >= 1 && second.get() >= 1);
        }
        assertThat(threadsOf(cron)).isNotEmpty();
    }

    @Test
    void closeShutsQuartzDownWithoutLeavingThreads() {
        AtomicInteger fired = new AtomicInteger();
        cron.schedule("a", EVERY_SECOND, fired::incrementAndGet);
        await().atMost(WAIT).until(() -> fired.get() >= 1);
        assertThat(threadsOf(cron)).isNotEmpty().allMatch(Thread::isDaemon);
        cron.close();
        await().atMost(WAIT).until(() -> threadsOf(cron).isEmpty());
        cron.close(); // twice: nothing happens
        assertThat(cron.nextFire("a")).isEmpty();
        assertThatThrownBy(() -> cron.schedule("a", EVERY_SECOND, () -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeFromInsideAFireDoesNotDeadlock() {
        try (CronScheduler own = new CronScheduler()) {
            own.schedule("a", EVERY_SECOND, own::close);
            await().atMost(WAIT).until(() -> threadsOf(own).isEmpty());
        }
    }

    /** While {@code live} fires on (a second at least), {@code stopped} does not fire at all. */
    private static void assertThatOnlyThisKeepsFiring(AtomicInteger live, AtomicInteger stopped) {
        int start = live.get();
        // a fire of the old schedule that was already running when it changed has ended by the next one
        await().atMost(WAIT).until(() -> live.get() >= start + 1);
        int frozen = stopped.get();
        await().atMost(WAIT).until(() -> live.get() >= start + 2);
        assertThat(stopped.get()).isEqualTo(frozen);
    }

    private static List<Thread> threadsOf(CronScheduler scheduler) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(scheduler.name() + "-")).toList();
    }
}
