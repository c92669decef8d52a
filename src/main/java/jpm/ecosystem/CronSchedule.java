package jpm.ecosystem;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeSet;
import org.quartz.CronExpression;

/**
 * A {@code cron_restart} value, checked and translated to Quartz.
 *
 * <p>Accepted: a crontab line of 5 fields (minute hour day-of-month month day-of-week), 6 fields
 * with seconds first, 7 with a year last, the macros {@code @hourly @daily @midnight @weekly
 * @monthly @yearly @annually}, and {@code 0} (PM2's way to say "no cron"). Fields take
 * {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code *}{@code /n},
 * {@code a-b/n} and {@code a/n}, and month and day names ({@code JAN}, {@code MON}). Day-of-week
 * numbers are crontab's: 0 and 7 are Sunday, 1 is Monday. Quartz's day-of-month {@code L},
 * {@code L-n}, {@code LW}, {@code nW} and day-of-week {@code n#k} (k-th weekday n of the month)
 * and {@code nL} (its last one) are accepted as a whole field.
 *
 * <p>Quartz differs: seconds come first, Sunday is 1, and exactly one of day-of-month and
 * day-of-week must be {@code ?}. Cron runs a job when either restricted day field matches, which
 * Quartz cannot express, so restricting both is refused.
 *
 * @param expression the text as the user wrote it, stripped ({@code ""} when absent)
 * @param quartz the Quartz expression (6 or 7 fields), or null when {@link #disabled()}
 */
public record CronSchedule(String expression, String quartz) {
    private static final String KEY = "cron_restart";

    /** The macros, as crontab lines. */
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String MACRO_LIST = "@hourly, @daily (@midnight), @weekly, @monthly or @yearly (@annually)";

    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** A field of the crontab line, with its range and names (the first name has the lowest number). */
    private enum Field {
        SECOND("second", 0, 59, List.of()),
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day-of-week", 0, 7, DAYS),
        YEAR("year", 1970, 2099, List.of());

        final String label;
        final int min;
        final int max;
        final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }
    }

    /** One item of a field's list: the values from..to every step; {@code names} when written with names only. */
    private record Item(int from, int to, int step, boolean names) {}

    public CronSchedule {
        expression = expression == null ? "" : expression.strip();
    }

    /** True for a value that schedules nothing: absent, blank, or PM2's {@code 0}. */
    public static boolean isDisabled(String expression) {
        return expression == null || expression.isBlank() || expression.strip().equals("0");
    }

    /** True when this schedule never fires ({@code 0} or no value). */
    public boolean disabled() {
        return quartz == null;
    }

    /**
     * Checks and translates a cron_restart value.
     *
     * @throws SpecException naming the field at fault, e.g. {@code cron_restart '61 * * * *': minute
     *     field '61' is out of range 0-59}
     */
    public static CronSchedule parse(String userExpression) {
        if (isDisabled(userExpression)) return new CronSchedule(userExpression, null);
        String text = userExpression.strip();
        String[] fields = text.split("\\s+");
        if (fields.length == 1 && fields[0].startsWith("@")) fields = macro(text, fields[0]).split(" ");
        CronSchedule schedule = new CronSchedule(text, translate(text, fields));
        schedule.check();
        return schedule;
    }

    /** The first time this schedule fires strictly after {@code after}, in a time zone; empty if never. */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        if (disabled()) return Optional.empty();
        CronExpression cron;
        try {
            cron = new CronExpression(quartz);
        } catch (ParseException | RuntimeException e) {
            throw problem(expression, e.getMessage() + " (in Quartz's form '" + quartz + "')");
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        return Optional.ofNullable(cron.getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
    }

    /** Quartz's own check, and a date that never occurs. */
    private void check() {
        // without a year the schedule repeats, so firing never after 1970 means never at all (31 FEB)
        String[] q = quartz.split(" ");
        if (nextAfter(Instant.EPOCH, ZoneOffset.UTC).isEmpty() && q.length == 6) {
            throw problem(expression, "it never fires: day-of-month '" + q[3] + "' does not occur in month '" + q[4] + "'");
        }
    }

    private static String macro(String text, String word) {
        String macro = word.toLowerCase(Locale.ROOT);
        if (macro.equals("@reboot")) throw problem(text, "@reboot is not supported: jpm starts the app when it starts the daemon's apps");
        String crontab = MACROS.get(macro);
        if (crontab == null) throw problem(text, "unknown macro " + word + "; use " + MACRO_LIST);
        return crontab;
    }

    private static String translate(String text, String[] f) {
        if (f.length < 5 || f.length > 7) {
            throw problem(text, "expected 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first"
                    + " or 7 with a year last, or " + MACRO_LIST + ", or 0 for none; found " + f.length
                    + (f.length == 1 ? " field" : " fields"));
        }
        int s = f.length == 5 ? -1 : 0; // index of seconds; the five crontab fields follow it
        String seconds = s < 0 ? "0" : new Written(text, Field.SECOND, f[0]).plain();
        String minute = new Written(text, Field.MINUTE, f[s + 1]).plain();
        String hour = new Written(text, Field.HOUR, f[s + 2]).plain();
        Written domWritten = new Written(text, Field.DAY_OF_MONTH, f[s + 3]);
        String dom = domWritten.dayOfMonth();
        String month = new Written(text, Field.MONTH, f[s + 4]).plain();
        Written dowWritten = new Written(text, Field.DAY_OF_WEEK, f[s + 5]);
        String dow = dowWritten.dayOfWeek();
        if (!domWritten.any() && !dowWritten.any()) {
            throw problem(text, "day-of-month '" + f[s + 3] + "' and day-of-week '" + f[s + 5] + "' are both restricted;"
                    + " cron runs on a day that matches either, which Quartz cannot express: restrict one and write *"
                    + " in the other (the first Monday of a month is day-of-week 1#1)");
        }
        if (dowWritten.any()) {
            dom = domWritten.any() ? "*" : dom;
            dow = "?";
        } else {
            dom = "?";
        }
        String year = f.length == 7 ? " " + new Written(text, Field.YEAR, f[6]).plain() : "";
        return String.join(" ", seconds, minute, hour, dom, month, dow) + year;
    }

    private static int quartzDay(int crontabDay) {
        return crontabDay % 7 + 1;
    }

    /** {1, 2, 3, 5, 7} → "1-3,5,7". */
    private static String runs(TreeSet<Integer> values) {
        List<String> out = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int v : values) {
            if (prev != null && v == prev + 1) {
                prev = v;
                continue;
            }
            if (start != null) out.add(start.equals(prev) ? "" + start : start + "-" + prev);
            start = v;
            prev = v;
        }
        if (start != null) out.add(start.equals(prev) ? "" + start : start + "-" + prev);
        return String.join(",", out);
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
    }

    private static SpecException problem(String text, String what) {
        return new SpecException(KEY + " '" + text + "': " + what);
    }

    /** One field as the user wrote it, in the expression {@code text}: checks it and translates it. */
    private record Written(String text, Field field, String value) {
        /** {@code *} or {@code ?}: the day fields that do not restrict. */
        boolean any() {
            return value.equals("*") || value.equals("?");
        }

        /** A field Quartz reads as crontab does: checked, names upper-cased. */
        String plain() {
            items();
            return value.toUpperCase(Locale.ROOT);
        }

        String dayOfMonth() {
            if (any()) return value;
            String v = value.toUpperCase(Locale.ROOT);
            if (!v.contains("L") && !v.contains("W")) return plain();
            if (value.contains(",")) throw problem(text, at() + ": 'L' and 'W' must be the whole field");
            if (v.equals("L") || v.equals("LW")) return v;
            if (v.startsWith("L-")) number(v.substring(2), 0, 30);
            else if (v.endsWith("W")) number(v.substring(0, v.length() - 1), 1, 31);
            else throw fail(value, "is not a number, L, L-n, LW or nW");
            return v;
        }

        /** Crontab's day numbers (0 and 7 Sunday) → Quartz's (Sunday 1); names stay names. */
        String dayOfWeek() {
            if (any()) return value;
            String v = value.toUpperCase(Locale.ROOT);
            if (v.contains("#") || v.endsWith("L")) {
                if (value.contains(",")) throw problem(text, at() + ": '#' and 'L' must be the whole field");
                int hash = v.indexOf('#');
                String day = hash < 0 ? v.substring(0, v.length() - 1) : v.substring(0, hash);
                if (day.isEmpty()) throw fail(value, "needs a day first: 5L is the last Friday, 5#1 the first");
                if (hash >= 0) number(v.substring(hash + 1), 1, 5);
                String rest = v.substring(day.length());
                return (DAYS.contains(day) ? day : Integer.toString(quartzDay(value(day)))) + rest;
            }
            List<Item> items = items();
            if (items.stream().allMatch(i -> i.names() && i.step() == 1 && quartzDay(i.from()) <= quartzDay(i.to()))) return v;
            TreeSet<Integer> days = new TreeSet<>();
            for (Item i : items) {
                for (int d = i.from(); d <= i.to(); d += i.step()) days.add(quartzDay(d));
            }
            return runs(days);
        }

        /** The items of the field: {@code *}, {@code n}, {@code a-b}, each with an optional {@code /step}. */
        List<Item> items() {
            if (value.equals("?")) throw fail(value, "is only allowed in day-of-month or day-of-week");
            List<Item> out = new ArrayList<>();
            for (String token : value.split(",", -1)) {
                if (token.isEmpty()) throw problem(text, at() + " has an empty item");
                if (token.equals("?")) throw fail(token, "must be the whole field");
                out.add(item(token));
            }
            return out;
        }

        private Item item(String token) {
            String base = token;
            int step = 1;
            int slash = token.indexOf('/');
            if (slash >= 0) {
                base = token.substring(0, slash);
                step = number(token.substring(slash + 1), 0, Integer.MAX_VALUE);
                if (step < 1 || step > field.max) throw fail(token, "has a step out of range 1-" + field.max);
            }
            if (base.equals("*")) return new Item(field.min, field.max, step, false);
            int dash = base.indexOf('-', 1);
            String fromText = dash < 0 ? base : base.substring(0, dash);
            int from = value(fromText);
            if (dash < 0) return new Item(from, slash >= 0 ? field.max : from, step, isName(fromText));
            String toText = base.substring(dash + 1);
            int to = value(toText);
            if (field == Field.DAY_OF_WEEK && to == 0 && toText.equalsIgnoreCase("SUN")) to = 7; // MON-SUN
            if (to < from) throw fail(token, "is a range that runs backwards");
            return new Item(from, to, step, isName(fromText) && isName(toText));
        }

        /** A number or name of the field, within its range. */
        private int value(String s) {
            int i = field.names.indexOf(s.toUpperCase(Locale.ROOT));
            if (i >= 0) return i + field.min;
            if (!field.names.isEmpty() && isName(s)) {
                throw fail(s, "is not a number or a name (" + field.names.getFirst() + "-" + field.names.getLast() + ")");
            }
            return number(s, field.min, field.max);
        }

        private int number(String s, int min, int max) {
            if (s.isEmpty()) throw fail(value, "is missing a number");
            if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) throw fail(s, "is not a number");
            int n = s.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(s);
            if (n < min || n > max) throw fail(s, "is out of range " + min + "-" + max);
            return n;
        }

        /** "minute field '61' is out of range 0-59", or "minute field '1,61': '61' is out of range 0-59". */
        private SpecException fail(String part, String what) {
            return problem(text, at() + (part.equals(value) ? " " : ": '" + part + "' ") + what);
        }

        private String at() {
            return field.label + " field '" + value + "'";
        }
    }
}
