package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {
    record I(long id, String appName, String namespace) implements Targets.Selectable {}

    static final List<I> ALL = List.of(new I(0, "api", "shop"), new I(1, "api", "shop"), new I(2, "web", "blog"),
            new I(3, "shop", "default"), new I(4, "7", "default"));

    @Test
    void allSelectsEverything() {
        assertThat(Targets.select(ALL, "all")).isEqualTo(ALL);
    }

    @Test
    void anAppNameSelectsItsInstancesInEveryNamespace() {
        assertThat(Targets.select(ALL, "api")).extracting(I::id).containsExactly(0L, 1L);
    }

    @Test
    void aNameWinsOverANamespaceAndOverAnId() {
        assertThat(Targets.select(ALL, "shop")).extracting(I::id).containsExactly(3L);
        assertThat(Targets.select(ALL, "7")).extracting(I::id).containsExactly(4L);
    }

    @Test
    void namespaceSlashNameIsExact() {
        assertThat(Targets.select(ALL, "shop/api")).extracting(I::id).containsExactly(0L, 1L);
        assertThat(Targets.select(ALL, "blog/api")).isEmpty();
    }

    @Test
    void idsAndNamespaces() {
        assertThat(Targets.select(ALL, "2")).extracting(I::id).containsExactly(2L);
        assertThat(Targets.select(ALL, "blog")).extracting(I::id).containsExactly(2L);
        assertThat(Targets.select(ALL, "99")).isEmpty();
        assertThat(Targets.select(ALL, "99999999999999999999999")).isEmpty();
        assertThat(Targets.select(ALL, "nothing")).isEmpty();
    }
}
