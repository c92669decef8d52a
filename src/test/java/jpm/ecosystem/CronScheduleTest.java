package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** cron_restart: crontab → Quartz translation, and every class of mistake with its message. */
class CronScheduleTest {
    /** What a value with the wrong number of fields is told. */
    static final String SHAPES = "expected 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first"
            + " or 7 with a year last, or @hourly, @daily (@midnight), @weekly, @monthly or @yearly (@annually), or 0 for none";
    static final String BOTH = " are both restricted; cron runs on a day that matches either, which Quartz cannot express:"
            + " restrict one and write * in the other (the first Monday of a month is day-of-week 1#1)";

    static Stream<Arguments> translations() {
        return Stream.of(
                arguments("0 3 * * *", "0 0 3 * * ?"),
                arguments("*/15 * * * *", "0 */15 * * * ?"),
                arguments("0-30/10 8-18 * * *", "0 0-30/10 8-18 * * ?"),
                arguments("5/20 * * * *", "0 5/20 * * * ?"),
                arguments("0 0 1,15 * *", "0 0 0 1,15 * ?"),
                arguments("0 0 1 jan,jul *", "0 0 0 1 JAN,JUL ?"),
                arguments("0 0 * */3 *", "0 0 0 * */3 ?"),
                // day-of-week: crontab's 0-7 (0 and 7 Sunday) → Quartz's 1-7 (Sunday 1)
                arguments("0 9 * * 0", "0 0 9 ? * 1"),
                arguments("0 9 * * 7", "0 0 9 ? * 1"),
                arguments("0 9 * * 1", "0 0 9 ? * 2"),
                arguments("0 9 * * 1-5", "0 0 9 ? * 2-6"),
                arguments("0 9 * * 0,6", "0 0 9 ? * 1,7"),
                arguments("0 9 * * 5-7", "0 0 9 ? * 1,6-7"),
                arguments("0 9 * * 0-7", "0 0 9 ? * 1-7"),
                arguments("0 9 * * */2", "0 0 9 ? * 1,3,5,7"),
                arguments("0 9 * * 1-7/2", "0 0 9 ? * 1-2,4,6"),
                arguments("0 9 * * 1/3", "0 0 9 ? * 1-2,5"),
                arguments("0 9 * * MON-FRI", "0 0 9 ? * MON-FRI"),
                arguments("0 9 * * mon,wed", "0 0 9 ? * MON,WED"),
                arguments("0 9 * * SUN-SAT", "0 0 9 ? * SUN-SAT"),
                arguments("0 9 * * MON-SUN", "0 0 9 ? * 1-7"),
                arguments("0 9 * * 1,FRI", "0 0 9 ? * 2,6"),
                arguments("0 9 * * 5#3", "0 0 9 ? * 6#3"),
                arguments("0 9 * * fri#3", "0 0 9 ? * FRI#3"),
                arguments("0 9 * * 0L", "0 0 9 ? * 1L"),
                // day-of-month: Quartz's L and W, ? as *
                arguments("0 0 L * *", "0 0 0 L * ?"),
                arguments("0 0 L-2 * *", "0 0 0 L-2 * ?"),
                arguments("0 0 15W * *", "0 0 0 15W * ?"),
                arguments("0 0 LW * *", "0 0 0 LW * ?"),
                arguments("0 0 ? * *", "0 0 0 * * ?"),
                arguments("0 0 ? * 1", "0 0 0 ? * 2"),
                // 6 fields: seconds first; 7: a year last
                arguments("*/2 * * * * *", "*/2 * * * * ?"),
                arguments("30 0 3 * * *", "30 0 3 * * ?"),
                arguments("0 0 3 ? * 1", "0 0 3 ? * 2"),
                arguments("0 0 3 * * * 2030-2040", "0 0 3 * * ? 2030-2040"),
                // macros
                arguments("@hourly", "0 0 * * * ?"),
                arguments("@daily", "0 0 0 * * ?"),
                arguments("@midnight", "0 0 0 * * ?"),
                arguments("@weekly", "0 0 0 ? * 1"),
                arguments("@monthly", "0 0 0 1 * ?"),
                arguments("@yearly", "0 0 0 1 1 ?"),
                arguments("@ANNUALLY", "0 0 0 1 1 ?"),
                arguments("  0   3 * *  *  ", "0 0 3 * * ?"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("translations")
    void translatesToQuartz(String crontab, String quartz) {
        CronSchedule s = CronSchedule.parse(crontab);
        assertThat(s.quartz()).isEqualTo(quartz);
        assertThat(s.expression()).isEqualTo(crontab.strip());
        assertThat(s.disabled()).isFalse();
    }

    /** Each mistake and its message after {@code cron_restart '<expression>': }. */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("too few fields", "* * *", SHAPES + "; found 3 fields"),
                arguments("a single word", "5", SHAPES + "; found 1 field"),
                arguments("too many fields", "0 0 0 * * * 2030 x", SHAPES + "; found 8 fields"),
                arguments("an unknown macro", "@often",
                        "unknown macro @often; use @hourly, @daily (@midnight), @weekly, @monthly or @yearly (@annually)"),
                arguments("@reboot", "@reboot", "@reboot is not supported: jpm starts the app when it starts the daemon's apps"),
                arguments("a minute out of range", "61 * * * *", "minute field '61' is out of range 0-59"),
                arguments("a second out of range", "60 * * * * *", "second field '60' is out of range 0-59"),
                arguments("an hour out of range in a list", "0 8,24 * * *", "hour field '8,24': '24' is out of range 0-23"),
                arguments("day-of-month 0", "0 0 0 * *", "day-of-month field '0' is out of range 1-31"),
                arguments("month 13", "0 0 1 13 *", "month field '13' is out of range 1-12"),
                arguments("day-of-week 8", "0 0 * * 8", "day-of-week field '8' is out of range 0-7"),
                arguments("a year out of range", "0 0 0 * * * 1900", "year field '1900' is out of range 1970-2099"),
                arguments("a huge number", "0 99999999999 * * *", "hour field '99999999999' is out of range 0-23"),
                arguments("not a number", "0 noon * * *", "hour field 'noon' is not a number"),
                arguments("a negative number", "-5 * * * *", "minute field '-5' is not a number"),
                arguments("an unknown month name", "0 0 1 JANUARY *", "month field 'JANUARY' is not a number or a name (JAN-DEC)"),
                arguments("an unknown day name in a range", "0 0 * * MON-FRY",
                        "day-of-week field 'MON-FRY': 'FRY' is not a number or a name (SUN-SAT)"),
                arguments("a range without an end", "0 1- * * *", "hour field '1-' is missing a number"),
                arguments("a backwards range", "30-10 * * * *", "minute field '30-10' is a range that runs backwards"),
                arguments("a backwards day range", "0 0 * * FRI-MON", "day-of-week field 'FRI-MON' is a range that runs backwards"),
                arguments("step 0", "*/0 * * * *", "minute field '*/0' has a step out of range 1-59"),
                arguments("a step too large", "0 */24 * * *", "hour field '*/24' has a step out of range 1-23"),
                arguments("a step that is not a number", "*/x * * * *", "minute field '*/x': 'x' is not a number"),
                arguments("an empty list item", "1,,2 * * * *", "minute field '1,,2' has an empty item"),
                arguments("? outside the day fields", "? * * * *", "minute field '?' is only allowed in day-of-month or day-of-week"),
                arguments("? inside a list", "0 0 ?,1 * *", "day-of-month field '?,1': '?' must be the whole field"),
                arguments("both day fields restricted", "0 0 1 * 1", "day-of-month '1' and day-of-week '1'" + BOTH),
                arguments("a day-of-month step counts as restricted", "0 0 */2 * 1-5", "day-of-month '*/2' and day-of-week '1-5'" + BOTH),
                arguments("L in a list", "0 0 L,15 * *", "day-of-month field 'L,15': 'L' and 'W' must be the whole field"),
                arguments("W on a day out of range", "0 0 32W * *", "day-of-month field '32W': '32' is out of range 1-31"),
                arguments("an L offset too large", "0 0 L-31 * *", "day-of-month field 'L-31': '31' is out of range 0-30"),
                arguments("L or W misplaced", "0 0 W1 * *", "day-of-month field 'W1' is not a number, L, L-n, LW or nW"),
                arguments("# beyond the fifth week", "0 0 * * 5#6", "day-of-week field '5#6': '6' is out of range 1-5"),
                arguments("# without a day", "0 0 * * #2",
                        "day-of-week field '#2' needs a day first: 5L is the last Friday, 5#1 the first"),
                arguments("# in a list", "0 0 * * 1#1,5", "day-of-week field '1#1,5': '#' and 'L' must be the whole field"),
                arguments("a date that does not exist", "0 0 30 2 *", "it never fires: day-of-month '30' does not occur in month '2'"),
                arguments("a date that does not exist in any listed month", "0 0 31 4,6 *",
                        "it never fires: day-of-month '31' does not occur in month '4,6'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void refusesMistakesNamingTheFieldAtFault(String what, String expression, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(expression)).isInstanceOf(SpecException.class)
                .hasMessage("cron_restart '" + expression + "': " + message);
    }

    @Test
    void zeroOrNothingDisablesAsInPm2() {
        for (String off : new String[] {"0", " 0 ", "", "  ", null}) {
            assertThat(CronSchedule.isDisabled(off)).as("'%s'", off).isTrue();
            CronSchedule s = CronSchedule.parse(off);
            assertThat(s.disabled()).isTrue();
            assertThat(s.quartz()).isNull();
            assertThat(s.nextAfter(Instant.now(), ZoneOffset.UTC)).isEmpty();
        }
        assertThat(CronSchedule.parse("0").expression()).isEqualTo("0");
        assertThat(CronSchedule.isDisabled("0 0 * * *")).isFalse();
        assertThat(CronSchedule.isDisabled("00")).isFalse();
    }

    /** The translation keeps cron's meaning: Sunday is 0 and 7, ranges keep their weekdays. */
    @Test
    void firesOnTheDaysCronMeans() {
        Instant monday = Instant.parse("2025-06-02T12:00:00Z");
        assertThat(next("0 9 * * 0", monday).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(next("0 9 * * 7", monday).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(next("0 9 * * 6", monday).getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(next("0 9 * * 1-5", monday)).isEqualTo(ZonedDateTime.parse("2025-06-03T09:00:00Z"));
        assertThat(next("0 9 * * 5-7", monday).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(next("0 9 * * MON-SUN", monday)).isEqualTo(ZonedDateTime.parse("2025-06-03T09:00:00Z"));
        assertThat(next("0 0 * * 5#1", monday)).isEqualTo(ZonedDateTime.parse("2025-06-06T00:00:00Z"));
        assertThat(next("@weekly", monday)).isEqualTo(ZonedDateTime.parse("2025-06-08T00:00:00Z"));
        assertThat(next("*/20 * * * * *", monday)).isEqualTo(ZonedDateTime.parse("2025-06-02T12:00:20Z"));
        assertThat(next("0 0 29 2 *", monday)).isEqualTo(ZonedDateTime.parse("2028-02-29T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 0 * * * 2020").nextAfter(monday, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void timesFollowTheGivenZone() {
        Instant t = Instant.parse("2025-06-02T12:00:00Z");
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(CronSchedule.parse("0 3 * * *").nextAfter(t, paris)).contains(Instant.parse("2025-06-03T01:00:00Z"));
    }

    private static ZonedDateTime next(String cron, Instant after) {
        return CronSchedule.parse(cron).nextAfter(after, ZoneOffset.UTC).orElseThrow().atZone(ZoneOffset.UTC);
    }
}
