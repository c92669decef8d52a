package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateFormatsTest {
    /** Day 330 of 2026 and a week-based year that differs from the calendar year at the end of December. */
    static final ZonedDateTime T = ZonedDateTime.of(2026, 11, 26, 7, 5, 9, 123_000_000, ZoneOffset.ofHours(1));

    private static String format(String dayJs, ZonedDateTime t) {
        return DateFormats.fromDayJs(dayJs).format(t);
    }

    @Test
    void pm2sUsualPatternsMeanWhatDayJsMeans() {
        assertThat(format("YYYY-MM-DD HH:mm:ss Z", T)).isEqualTo("2026-11-26 07:05:09 +01:00");
        assertThat(format("DD/MM HH:mm:ss.SSS", T)).isEqualTo("26/11 07:05:09.123");
        assertThat(format("YYYY-MM-DDTHH:mm:ss", T)).isEqualTo("2026-11-26T07:05:09");
        assertThat(format("D/M/YY h:m:s A ZZ", T)).isEqualTo("26/11/26 7:5:9 AM +0100");
        assertThat(format("ddd, MMM D", T)).isEqualTo("Thu, Nov 26");
    }

    @Test
    void ddIsTheDayOfTheMonthAndYyyyTheCalendarYear() {
        // Java's DD would print 330 (day of year) and YYYY 2027 (week-based year) for 2026-12-29
        ZonedDateTime endOfYear = ZonedDateTime.of(2026, 12, 29, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThat(format("YYYY DD", endOfYear)).isEqualTo("2026 29");
        assertThat(format("DD", T)).isEqualTo("26");
    }

    @Test
    void lettersOutsideTokensAndBracketsAreLiteral() {
        assertThat(format("[at] HH[h] T 'q'", T)).isEqualTo("at 07h T 'q'");
        assertThat(DateFormats.toJavaPattern("YYYY[-]MM")).isEqualTo("uuuu'-'MM");
    }

    @Test
    void unsupportedTokensAreNamed() {
        assertThatThrownBy(() -> DateFormats.fromDayJs("X")).hasMessageContaining("'X' is not supported");
        assertThatThrownBy(() -> DateFormats.fromDayJs("HH:mm a")).hasMessageContaining("'a'");
    }

    @Test
    void theDefaultIsIsoWithMillisecondsAndOffset() {
        assertThat(DateFormats.forApp(null).format(T.withZoneSameInstant(ZoneOffset.UTC))).isEqualTo("2026-11-26T06:05:09.123Z");
    }
}
