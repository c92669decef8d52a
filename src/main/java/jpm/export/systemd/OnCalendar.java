package jpm.export.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import jpm.ecosystem.CronSchedule;

/**
 * A {@code cron_restart} schedule as a timer's {@code OnCalendar=} (systemd.time(7)), from the
 * Quartz form {@link CronSchedule} checked it into: seconds, minute, hour, day-of-month, month,
 * day-of-week, and maybe a year. Pure.
 *
 * <p>Each field maps: {@code a-b} is {@code a..b}, {@code *}{@code /n} is {@code first/n}, lists
 * stay lists, month names become numbers, weekdays become systemd's names ({@code Mon..Fri}).
 * Quartz's day-of-month {@code L} is systemd's last day {@code ~01}, {@code L-n} is
 * {@code ~(n+1)}; day-of-week {@code n#k} (the k-th weekday n) is that weekday on days 7k-6 to
 * 7k, and {@code nL} (the last one) that weekday in the month's last 7 days ({@code ~07/1}).
 * The nearest weekday ({@code nW}, {@code LW}) has no counterpart: it is refused.
 */
public final class OnCalendar {
    /** Quartz numbers Sunday 1 to Saturday 7; systemd's names, listed from Monday. */
    private static final List<String> QUARTZ_DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<String> SYSTEMD_DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

    /** A schedule that OnCalendar= cannot express; the message says why. */
    public static final class Untranslatable extends RuntimeException {
        Untranslatable(String message) {
            super(message);
        }
    }

    private OnCalendar() {}

    /**
     * @throws Untranslatable for what systemd has no form of
     * @throws IllegalArgumentException for a disabled schedule (nothing to translate)
     */
    public static String of(CronSchedule schedule) {
        if (schedule.disabled()) throw new IllegalArgumentException("a disabled schedule has no calendar");
        String[] q = schedule.quartz().split(" ");
        String seconds = field(q[0], 0, List.of());
        String minute = field(q[1], 0, List.of());
        String hour = field(q[2], 0, List.of());
        String month = field(q[4], 1, MONTHS);
        String year = q.length > 6 ? field(q[6], 1970, List.of()) : "*";
        String dom = q[3];
        String dow = q[5];
        String weekdays = "";
        String date;
        if (!any(dow)) {
            String day = dow.toUpperCase(Locale.ROOT);
            if (day.contains("#")) {
                int hash = day.indexOf('#');
                int k = Integer.parseInt(day.substring(hash + 1));
                weekdays = dayName(day.substring(0, hash));
                date = year + "-" + month + "-" + two(7 * k - 6) + ".." + two(Math.min(7 * k, 31));
            } else if (day.endsWith("L")) {
                weekdays = dayName(day.substring(0, day.length() - 1));
                date = year + "-" + month + "~07/1";
            } else {
                weekdays = weekdays(day);
                date = year + "-" + month + "-*";
            }
        } else {
            date = year + "-" + month + dayOfMonth(dom);
        }
        return (weekdays.isEmpty() ? "" : weekdays + " ") + date + " " + hour + ":" + minute + ":" + seconds;
    }

    private static boolean any(String f) {
        return f.equals("*") || f.equals("?");
    }

    /** The day-of-month with its separator: {@code -1,15}, or {@code ~01} counted from the end. */
    private static String dayOfMonth(String dom) {
        String d = dom.toUpperCase(Locale.ROOT);
        if (any(d)) return "-*";
        if (d.endsWith("W")) {
            throw new Untranslatable("day-of-month '" + dom + "' is the nearest weekday, which OnCalendar= cannot express;"
                    + " name the days instead (Mon..Fri with a day-of-month range)");
        }
        if (d.equals("L")) return "~01";
        if (d.startsWith("L-")) return "~" + two(Integer.parseInt(d.substring(2)) + 1);
        return "-" + field(dom, 1, List.of());
    }

    /** A plain field: items {@code *}, {@code n}, {@code a-b}, each with an optional {@code /step}. */
    private static String field(String value, int first, List<String> names) {
        if (value.equals("*")) return "*";
        List<String> out = new ArrayList<>();
        for (String item : value.split(",")) {
            String base = item;
            String step = "";
            int slash = item.indexOf('/');
            if (slash >= 0) {
                base = item.substring(0, slash);
                step = item.substring(slash);
            }
            if (base.equals("*")) {
                out.add((step.isEmpty() ? "*" : first) + step);
                continue;
            }
            int dash = base.indexOf('-', 1);
            String from = number(dash < 0 ? base : base.substring(0, dash), names);
            out.add(dash < 0 ? from + step : from + ".." + number(base.substring(dash + 1), names) + step);
        }
        return String.join(",", out);
    }

    private static String number(String s, List<String> names) {
        int i = names.indexOf(s.toUpperCase(Locale.ROOT));
        return i >= 0 ? Integer.toString(i + 1) : s;
    }

    /** A Quartz day-of-week list ({@code MON-FRI}, {@code 2-6,1}) as systemd's names, runs as ranges, from Monday. */
    private static String weekdays(String dow) {
        TreeSet<Integer> days = new TreeSet<>(); // 0 = Monday .. 6 = Sunday
        for (String item : dow.split(",")) {
            int dash = item.indexOf('-', 1);
            int from = quartzDay(dash < 0 ? item : item.substring(0, dash));
            int to = dash < 0 ? from : quartzDay(item.substring(dash + 1));
            for (int d = from; ; d = d % 7 + 1) {
                days.add((d + 5) % 7);
                if (d == to) break;
            }
        }
        List<String> out = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int d : days) {
            if (prev != null && d == prev + 1) {
                prev = d;
                continue;
            }
            if (start != null) out.add(run(start, prev));
            start = d;
            prev = d;
        }
        out.add(run(start, prev));
        return String.join(",", out);
    }

    private static String run(int from, int to) {
        if (from == to) return SYSTEMD_DAYS.get(from);
        return SYSTEMD_DAYS.get(from) + (to == from + 1 ? "," : "..") + SYSTEMD_DAYS.get(to);
    }

    /** A Quartz day (1 = Sunday, or a name) → 1..7. */
    private static int quartzDay(String s) {
        int i = QUARTZ_DAYS.indexOf(s.toUpperCase(Locale.ROOT));
        return i >= 0 ? i + 1 : Integer.parseInt(s);
    }

    private static String dayName(String s) {
        return SYSTEMD_DAYS.get((quartzDay(s) + 5) % 7);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
