package jpm.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterpretersTest {
    @Test
    void choosesByExtensionLikePm2() {
        assertThat(Interpreters.forScript("app.js", null)).containsExactly("node");
        assertThat(Interpreters.forScript("/srv/x/app.py", null)).containsExactly("python3");
        assertThat(Interpreters.forScript("run.sh", null)).containsExactly("bash");
        assertThat(Interpreters.forScript("a.rb", null)).containsExactly("ruby");
        assertThat(Interpreters.forScript("a.pl", null)).containsExactly("perl");
        assertThat(Interpreters.forScript("a.php", null)).containsExactly("php");
        assertThat(Interpreters.forScript("server.jar", null)).containsExactly("java", "-jar");
        assertThat(Interpreters.forScript("APP.PY", null)).containsExactly("python3");
    }

    @Test
    void executesTheFileWhenNoInterpreterApplies() {
        assertThat(Interpreters.forScript("server", null)).isEmpty();
        assertThat(Interpreters.forScript("./bin/server.bin", null)).isEmpty();
        assertThat(Interpreters.forScript(".hidden", null)).isEmpty();
        assertThat(Interpreters.forScript("dir.d/run", null)).isEmpty();
        assertThat(Interpreters.forScript("app.py", "none")).isEmpty();
    }

    @Test
    void anExplicitInterpreterWins() {
        assertThat(Interpreters.forScript("app.js", "bun")).isEqualTo(List.of("bun"));
        assertThat(Interpreters.forScript("app", "/usr/bin/python3.11")).isEqualTo(List.of("/usr/bin/python3.11"));
    }
}
