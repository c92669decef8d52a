package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppNameTest {
    @Test
    void acceptsWhatRealPm2FilesUse() {
        for (String ok : List.of("api", "my app", "web:3000", "a.b-c_d", "Émile", "x".repeat(64), "1")) {
            assertThat(AppName.problem(ok)).as(ok).isNull();
        }
    }

    @Test
    void refusesNamesThatCouldEscapeOrConfuse() {
        for (String bad : List.of("", ".", "..", "-rf", "a/b", "a\\b", "tab\there", "nl\n", "x".repeat(65), "   ")) {
            assertThat(AppName.problem(bad)).as(bad).isNotNull();
        }
        assertThatThrownBy(() -> AppName.requireValid("app name", "a/b")).isInstanceOf(SpecException.class)
                .hasMessage("app name 'a/b' must not contain '/' or '\\'");
        assertThatThrownBy(() -> AppName.requireValid("app name", "a\u0007")).hasMessageContaining("'a\\x07'");
    }

    @Test
    void fileStemNeverLeavesItsDirectory() {
        assertThat(AppName.fileStem("my app")).isEqualTo("my_app");
        assertThat(AppName.fileStem("web:3000")).isEqualTo("web_3000");
        assertThat(AppName.fileStem(".hidden")).isEqualTo("_hidden");
        assertThat(AppName.fileStem("..x")).isEqualTo("_.x");
        assertThat(AppName.fileStem("Émile")).isEqualTo("_mile");
        for (String n : List.of("a b", "..x", ".", "x:y", "ü")) {
            assertThat(AppName.fileStem(n)).doesNotContain("/").isNotEqualTo("..").doesNotStartWith(".");
        }
    }

    @Test
    void allIsReservedForSelectingEveryApp() {
        assertThat(AppName.problem("all")).contains("reserved");
        assertThat(AppName.problem("all-workers")).isNull();
    }
}
