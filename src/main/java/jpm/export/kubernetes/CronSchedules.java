package jpm.export.kubernetes;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code cron_restart} value (checked by jpm's {@code CronSchedule}) as a CronJob's schedule:
 * Kubernetes takes crontab's 5 fields and the macros, without seconds, years or Quartz's
 * {@code L}, {@code W} and {@code #}; day-of-week runs 0-6.
 */
final class CronSchedules {
    private static final Set<String> MACROS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

    /** The schedule, or why there is none. */
    record Result(String schedule, String problem) {}

    private static final String NAMES = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT";

    private CronSchedules() {}

    static Result toKubernetes(String expression) {
        String e = expression.strip();
        if (e.startsWith("@")) {
            String macro = e.toLowerCase(Locale.ROOT);
            return MACROS.contains(macro) ? new Result(macro, null) : new Result(null, "unknown macro " + e);
        }
        List<String> fields = List.of(e.split("\\s+"));
        if (fields.size() == 7) {
            if (!fields.get(6).equals("*")) return new Result(null, "a CronJob's schedule has no year field (here '" + fields.get(6) + "')");
            fields = fields.subList(0, 6);
        }
        if (fields.size() == 6) {
            if (!fields.getFirst().equals("0")) {
                return new Result(null, "a CronJob's schedule has no seconds field (here '" + fields.getFirst()
                        + "'): Kubernetes runs at most once a minute");
            }
            fields = fields.subList(1, 6);
        }
        String joined = String.join(" ", fields);
        String withoutNames = joined.toUpperCase(Locale.ROOT).replaceAll(NAMES, "");
        if (withoutNames.matches(".*[LW#?].*")) {
            return new Result(null, "a CronJob's schedule has no L, W, # or ? (last day, weekday, n-th weekday of the month)");
        }
        String dow = fields.get(4);
        if (dow.equals("7")) dow = "0";
        else if (dow.matches(".*(^|[,-])7([,/-]|$).*")) {
            return new Result(null, "day-of-week 7 (Sunday) is not accepted by Kubernetes in a list or range: write 0");
        }
        return new Result(String.join(" ", fields.subList(0, 4)) + " " + dow, null);
    }
}
