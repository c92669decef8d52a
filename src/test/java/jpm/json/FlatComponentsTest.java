package jpm.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlatComponentsTest {
    record Inner(int b, String c) {}

    record Deeper(boolean e) {}

    record Middle(long d, @Unwrapped Deeper deeper) {}

    record Outer(String a, @Unwrapped Inner inner, @Unwrapped Middle middle, Inner kept) {}

    record Clash(int b, @Unwrapped Inner inner) {}

    @Test
    void unwrappedComponentsTakeTheirPlaceInOrderAtAnyDepth() {
        assertThat(FlatComponents.of(Outer.class).keySet()).containsExactly("a", "b", "c", "d", "e", "kept");
    }

    @Test
    void eachValueIsReadThroughItsPath() {
        Outer o = new Outer("x", new Inner(2, "y"), new Middle(4L, new Deeper(true)), new Inner(9, "z"));
        List<Object> values = FlatComponents.of(Outer.class).values().stream().map(l -> l.get(o)).toList();
        assertThat(values).containsExactly("x", 2, "y", 4L, true, new Inner(9, "z"));
        assertThat(FlatComponents.of(Outer.class).get("e").path()).hasSize(2);
    }

    @Test
    void aNameTwiceInTheFlatViewIsRefused() {
        assertThatThrownBy(() -> FlatComponents.of(Clash.class)).hasMessageContaining("b is named twice");
    }
}
