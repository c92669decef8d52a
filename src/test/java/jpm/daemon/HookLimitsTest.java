package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookLimitsTest {
    @Test
    void withoutVariablesTheDefaults() {
        HookLimits.Read r = HookLimits.from(Map.of());
        assertThat(r.limits()).isEqualTo(new HookLimits(Duration.ofSeconds(10), 4, 1000));
        assertThat(r.warnings()).isEmpty();
    }

    /** timeout, concurrency, queue as set -> as read (ms), and whether a warning says a value was refused. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "1s,    1,  0,      1000,  1,  0,      false",
            "500ms, 64, 100000, 500,   64, 100000, false",
            "2m,    -,  -,      120000, 4, 1000,   false",
            "1500,  8,  50,     1500,  8,  50,     false",
            "0,     -,  -,      10000, 4,  1000,   true",
            "soon,  -,  -,      10000, 4,  1000,   true",
            "-,     0,  -,      10000, 4,  1000,   true",
            "-,     65, -,      10000, 4,  1000,   true",
            "-,     -,  -1,     10000, 4,  1000,   true",
            "-,     x,  y,      10000, 4,  1000,   true",
    })
    void eachVariableIsReadOrRefusedWithAWarning(String timeout, String concurrency, String queue, long timeoutMs, int cap,
                                                  int waiting, boolean warned) {
        Map<String, String> env = new HashMap<>();
        if (timeout != null) env.put(HookLimits.TIMEOUT, timeout);
        if (concurrency != null) env.put(HookLimits.CONCURRENCY, concurrency);
        if (queue != null) env.put(HookLimits.QUEUE, queue);
        HookLimits.Read r = HookLimits.from(env);
        assertThat(r.limits()).isEqualTo(new HookLimits(Duration.ofMillis(timeoutMs), cap, waiting));
        assertThat(r.warnings().isEmpty()).isEqualTo(!warned);
    }
}
