package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code jpm init}: a starter file that jpm validate accepts, with its schema line; an existing file is left alone. */
class InitIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    @Test
    void writesAStarterThatValidatesAndPointsAtTheShippedSchema() throws IOException {
        JpmHomeFixture.Result init = jpm.jpmIn(dir, "init").ok();
        Path file = dir.resolve("ecosystem.yaml");
        Path schema = JpmHomeFixture.BIN.getParent().getParent().resolve("schemas/ecosystem.schema.json");
        assertThat(init.out()).startsWith("wrote ecosystem.yaml").contains(schema.toString());
        assertThat(Files.readAllLines(file).getFirst()).isEqualTo("# yaml-language-server: $schema=" + schema);
        assertThat(schema).isRegularFile();

        JpmHomeFixture.Result validate = jpm.jpmIn(dir, "validate", "ecosystem.yaml").ok();
        assertThat(validate.out()).contains("ok, 1 app, 1 instance").doesNotContain("warning");
        // neither command needs a daemon, and none was started
        assertThat(jpm.home().resolve("daemon.pid")).doesNotExist();
    }

    @Test
    void leavesAnExistingFileAloneUnlessForced() throws IOException {
        Path file = dir.resolve("apps.yaml");
        Files.writeString(file, "apps: []\n");
        JpmHomeFixture.Result refused = jpm.jpmIn(dir, "init", "apps.yaml");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("jpm: apps.yaml exists; jpm init leaves it as it is (--force writes over it)\n");
        assertThat(Files.readString(file)).isEqualTo("apps: []\n");

        jpm.jpmIn(dir, "init", "apps.yaml", "--force", "--schema", "https://jpm.dev/schemas/ecosystem.schema.json").ok();
        assertThat(Files.readAllLines(file).getFirst())
                .isEqualTo("# yaml-language-server: $schema=https://jpm.dev/schemas/ecosystem.schema.json");
        assertThat(Files.readString(file)).contains("jpm apply apps.yaml");
        jpm.jpmIn(dir, "validate", "apps.yaml").ok();
    }
}
