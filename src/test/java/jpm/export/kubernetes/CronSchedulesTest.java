package jpm.export.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronSchedulesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "*/15 * * * *        | */15 * * * *  | null",
            "0 3 * * MON-FRI     | 0 3 * * MON-FRI | null",
            "0 0 1 JUL *         | 0 0 1 JUL *   | null",
            "0 0 * * 7           | 0 0 * * 0     | null",
            "@daily              | @daily        | null",
            "@Weekly             | @weekly       | null",
            "0 30 2 * * *        | 30 2 * * *    | null",
            "0 30 2 * * * *      | 30 2 * * *    | null",
            "15 * * * * *        | null          | a CronJob's schedule has no seconds field (here '15'): Kubernetes runs at most once a minute",
            "0 0 0 * * * 2030    | null          | a CronJob's schedule has no year field (here '2030')",
            "0 0 L * *           | null          | a CronJob's schedule has no L, W, # or ? (last day, weekday, n-th weekday of the month)",
            "0 0 * * 5#2         | null          | a CronJob's schedule has no L, W, # or ? (last day, weekday, n-th weekday of the month)",
            "0 0 * * 5-7         | null          | day-of-week 7 (Sunday) is not accepted by Kubernetes in a list or range: write 0",
    })
    void aJpmScheduleIsAKubernetesScheduleOrTheReasonWhyNot(String jpm, String kubernetes, String problem) {
        CronSchedules.Result r = CronSchedules.toKubernetes(jpm);
        assertThat(r.schedule()).isEqualTo(kubernetes);
        assertThat(r.problem()).isEqualTo(problem);
    }
}
