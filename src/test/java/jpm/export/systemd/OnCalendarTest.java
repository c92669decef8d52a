package jpm.export.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jpm.ecosystem.CronSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OnCalendarTest {
    static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    /** A Monday; the next firings are compared from here. */
    static final Instant BASE = Instant.parse("2026-01-05T10:17:23Z");
    static final int FIRINGS = 8;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 3 * * *            | *-*-* 3:0:0
            */15 * * * *         | *-*-* *:0/15:0
            30 9 * * 1-5         | Mon..Fri *-*-* 9:30:0
            0 0 * * MON-FRI      | Mon..Fri *-*-* 0:0:0
            0 0 * * 0            | Sun *-*-* 0:0:0
            0 0 * * 7            | Sun *-*-* 0:0:0
            0 0 * * 5-7          | Fri..Sun *-*-* 0:0:0
            0 0 * * 6,0          | Sat,Sun *-*-* 0:0:0
            0 0 * * */2          | Tue,Thu,Sat,Sun *-*-* 0:0:0
            0 0 * * 1,3,5        | Mon,Wed,Fri *-*-* 0:0:0
            0 12 1,15 * *        | *-*-1,15 12:0:0
            0 0 1-20/3 * *       | *-*-1..20/3 0:0:0
            0 0 */10 * *         | *-*-1/10 0:0:0
            0 0 1 JAN,JUL *      | *-1,7-1 0:0:0
            0 0 1 */3 *          | *-1/3-1 0:0:0
            5/20 * * * *         | *-*-* *:5/20:0
            0 8-18/2 * * *       | *-*-* 8..18/2:0:0
            */10 * * * * *       | *-*-* *:*:0/10
            30 0 0 * * *         | *-*-* 0:0:30
            0 0 L * *            | *-*~01 0:0:0
            0 0 L-2 * *          | *-*~03 0:0:0
            0 9 * * 1#1          | Mon *-*-01..07 9:0:0
            0 9 * * FRI#5        | Fri *-*-29..31 9:0:0
            0 9 * * 5L           | Fri *-*~07/1 9:0:0
            0 0 0 1 1 * 2030-2032 | 2030..2032-1-1 0:0:0
            @hourly              | *-*-* *:0:0
            @daily               | *-*-* 0:0:0
            @weekly              | Sun *-*-* 0:0:0
            @monthly             | *-*-1 0:0:0
            @yearly              | *-1-1 0:0:0
            """)
    void translatesEachFieldOfTheCronDialect(String cron, String calendar) throws Exception {
        CronSchedule schedule = CronSchedule.parse(cron);
        assertThat(OnCalendar.of(schedule)).isEqualTo(calendar);
        assertSystemdFiresWhenJpmDoes(schedule, calendar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 15W * *", "0 0 LW * *"})
    void theNearestWeekdayIsRefusedWithTheReason(String cron) {
        assertThatThrownBy(() -> OnCalendar.of(CronSchedule.parse(cron))).isInstanceOf(OnCalendar.Untranslatable.class)
                .hasMessageContaining("nearest weekday").hasMessageContaining("OnCalendar= cannot express");
    }

    /**
     * systemd's own reading of the calendar: systemd-analyze rejects an invalid one, and its next
     * firings from a fixed time must be jpm's (Quartz's), in UTC.
     */
    private static void assertSystemdFiresWhenJpmDoes(CronSchedule schedule, String calendar) throws IOException, InterruptedException {
        assumeThat(ANALYZE).as("systemd-analyze is not installed").isExecutable();
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(BASE.atZone(ZoneOffset.UTC)) + " UTC";
        ProcessBuilder pb = new ProcessBuilder(ANALYZE.toString(), "calendar", "--iterations=" + FIRINGS, "--base-time=" + base, calendar)
                .redirectErrorStream(true);
        pb.environment().put("TZ", "UTC");
        pb.environment().put("SYSTEMD_COLORS", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("systemd-analyze calendar '%s' says:\n%s", calendar, out).isZero();
        List<Instant> systemd = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String l = line.strip();
            int colon = l.indexOf(':');
            if (!(l.startsWith("Next elapse:") || l.startsWith("Iter. #")) || colon < 0) continue;
            String when = l.substring(colon + 1).strip(); // "Mon 2026-01-05 10:30:00 UTC"
            systemd.add(ZonedDateTime.parse(when.substring(4), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT)).toInstant());
        }
        List<Instant> jpm = new ArrayList<>();
        Instant at = BASE;
        for (int i = 0; i < FIRINGS; i++) {
            var next = schedule.nextAfter(at, ZoneOffset.UTC);
            if (next.isEmpty()) break;
            jpm.add(next.get());
            at = next.get();
        }
        assertThat(systemd).as("systemd-analyze calendar '%s':\n%s", calendar, out).isEqualTo(jpm);
    }
}
