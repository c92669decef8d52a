package jpm.ecosystem;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PM2's {@code log_date_format} is a day.js pattern; Java's {@link DateTimeFormatter} reads the
 * same letters differently ({@code DD} is day-of-year, {@code YYYY} week-based year, {@code A}
 * unknown, letters outside tokens are errors instead of literals). This translates token by
 * token, with day.js's own tokenizer rule: anything that is not a token, or is inside
 * {@code [brackets]}, is literal text.
 */
public final class DateFormats {
    /** The prefix used when {@code time: true} is set without a format: ISO-8601 with ms and offset. */
    public static final String DEFAULT_JAVA_PATTERN = "uuuu-MM-dd'T'HH:mm:ss.SSSXXX";

    // day.js's token regex (format.js), longest alternatives first
    private static final Pattern TOKENS = Pattern.compile(
            "\\[([^\\]]*)]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|SSS|ZZ|Z|A|a|X|x");

    private DateFormats() {}

    /** The Java formatter for a day.js pattern; IllegalArgumentException names an unsupported token. */
    public static DateTimeFormatter fromDayJs(String dayJs) {
        return DateTimeFormatter.ofPattern(toJavaPattern(dayJs), Locale.ENGLISH);
    }

    static String toJavaPattern(String dayJs) {
        StringBuilder out = new StringBuilder();
        StringBuilder text = new StringBuilder(); // literal text waiting to be quoted in one piece
        Matcher m = TOKENS.matcher(dayJs);
        int last = 0;
        while (m.find()) {
            text.append(dayJs, last, m.start());
            last = m.end();
            if (m.group(1) != null) {
                text.append(m.group(1));
                continue;
            }
            literal(out, text);
            out.append(switch (m.group()) {
                case "YYYY" -> "uuuu";
                case "YY" -> "uu";
                case "MMMM", "MMM", "MM", "M", "HH", "H", "hh", "h", "mm", "m", "ss", "s", "SSS" -> m.group();
                case "DD" -> "dd";
                case "D" -> "d";
                case "dddd" -> "EEEE";
                case "ddd" -> "EEE";
                case "ZZ" -> "xx";
                case "Z" -> "xxx";
                case "A" -> "a";
                default -> throw new IllegalArgumentException("log_date_format: the day.js token '" + m.group()
                        + "' is not supported (supported: YYYY YY M MM MMM MMMM D DD ddd dddd H HH h hh m mm s ss SSS Z ZZ A"
                        + " and [literal text])");
            });
        }
        text.append(dayJs.substring(last));
        literal(out, text);
        return out.toString();
    }

    /** Pending text as one quoted Java literal ('' for a quote), then cleared. */
    private static void literal(StringBuilder out, StringBuilder text) {
        if (text.isEmpty()) return;
        out.append('\'').append(text.toString().replace("'", "''")).append('\'');
        text.setLength(0);
    }

    /** The formatter for an app's timestamps: its day.js format, or ISO-8601. */
    public static DateTimeFormatter forApp(String logDateFormat) {
        return logDateFormat == null ? DateTimeFormatter.ofPattern(DEFAULT_JAVA_PATTERN, Locale.ROOT) : fromDayJs(logDateFormat);
    }
}
