package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigHashTest {
    record Inner(String a) {}

    record Sample(String s, int n, boolean b, Integer maybe, List<String> list, Map<String, String> map, Inner inner) {}

    static final Sample BASE = new Sample("x", 1, false, null, List.of("a"), Map.of("K", "v"), new Inner("i"));

    static String hash(Sample s) {
        return ConfigHash.of(s, "v1", Set.of());
    }

    @Test
    void everyComponentCounts() {
        assertThat(hash(BASE)).hasSize(24).isEqualTo(hash(new Sample("x", 1, false, null, List.of("a"), Map.of("K", "v"), new Inner("i"))));
        List<Sample> oneChangeEach = List.of(
                new Sample("y", 1, false, null, List.of("a"), Map.of("K", "v"), new Inner("i")),
                new Sample("x", 2, false, null, List.of("a"), Map.of("K", "v"), new Inner("i")),
                new Sample("x", 1, true, null, List.of("a"), Map.of("K", "v"), new Inner("i")),
                new Sample("x", 1, false, 0, List.of("a"), Map.of("K", "v"), new Inner("i")),
                new Sample("x", 1, false, null, List.of("a", "b"), Map.of("K", "v"), new Inner("i")),
                new Sample("x", 1, false, null, List.of("a"), Map.of("K", "w"), new Inner("i")),
                new Sample("x", 1, false, null, List.of("a"), Map.of("K", "v"), new Inner("j")));
        assertThat(oneChangeEach).extracting(ConfigHashTest::hash).doesNotContain(hash(BASE)).doesNotHaveDuplicates();
    }

    @Test
    void anExcludedComponentDoesNotCountAndTheVersionTagDoes() {
        Sample other = new Sample("changed", 1, false, null, List.of("a"), Map.of("K", "v"), new Inner("i"));
        assertThat(ConfigHash.of(other, "v1", Set.of("s"))).isEqualTo(ConfigHash.of(BASE, "v1", Set.of("s")));
        assertThat(ConfigHash.of(BASE, "v2", Set.of())).isNotEqualTo(hash(BASE));
    }

    @Test
    void valuesCannotImitateBoundaries() {
        // the same characters split differently between items, keys and values
        assertThat(hash(new Sample("x", 1, false, null, List.of("a", "b"), Map.of(), new Inner("i"))))
                .isNotEqualTo(hash(new Sample("x", 1, false, null, List.of("a\nlist.1=1:b"), Map.of(), new Inner("i"))));
        assertThat(hash(new Sample("x", 1, false, null, List.of(), Map.of("a", "b=c"), new Inner("i"))))
                .isNotEqualTo(hash(new Sample("x", 1, false, null, List.of(), Map.of("a=b", "c"), new Inner("i"))));
        assertThat(hash(new Sample(null, 1, false, null, List.of(), Map.of(), new Inner("i"))))
                .isNotEqualTo(hash(new Sample("", 1, false, null, List.of(), Map.of(), new Inner("i"))));
    }

    @Test
    void aComponentOfAnUnknownKindIsRefusedRatherThanGuessed() {
        record Odd(Object o) {}
        assertThatThrownBy(() -> ConfigHash.of(new Odd(new StringBuilder("x")), "v1", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("o of type java.lang.StringBuilder");
    }

    @Test
    void launchAndSupervisionHashEveryComponent() {
        Launch l = Launch.of("web.js", "/srv");
        assertThat(l.withPort(3000, null).hash()).isNotEqualTo(l.hash());
        assertThat(l.withPort(null, "::1").hash()).isNotEqualTo(l.hash());
        assertThat(Supervision.DEFAULTS.toBuilder().waitReady(true).listenTimeoutMs(3000).build()
                .hash()).isNotEqualTo(Supervision.DEFAULTS.hash());
        assertThat(Supervision.DEFAULTS.toBuilder().waitReady(false).listenTimeoutMs(9000).build()
                .hash()).isNotEqualTo(Supervision.DEFAULTS.hash());
    }
}
