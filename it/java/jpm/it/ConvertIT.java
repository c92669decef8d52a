package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** jpm never executes ecosystem.config.js itself; jpm convert asks node and writes YAML that jpm can apply. */
class ConvertIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    @Test
    void jsEcosystemIsRefusedByApplyAndConvertedToYamlThatValidates() throws Exception {
        assumeThat(Path.of("/usr/bin/node")).as("node is needed to evaluate a .js file").exists();
        Path js = dir.resolve("ecosystem.config.js");
        Files.writeString(js, """
                // a PM2 file, as written for PM2
                const port = 3000;
                module.exports = {
                  apps: [{ name: 'web', script: '%s', instances: 2, env: { PORT: port, DEBUG: false } }],
                };
                """.formatted(JpmHomeFixture.fixture("hello.sh")));

        JpmHomeFixture.Result refused = jpm.jpm("apply", js.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("jpm convert");

        Path yaml = dir.resolve("ecosystem.yaml");
        jpm.jpm("convert", js.toString(), "-o", yaml.toString()).ok();
        assertThat(Files.readString(yaml)).contains("name: web").contains("PORT: 3000").contains("instances: 2");
        assertThat(jpm.jpm("validate", yaml.toString()).ok().out()).contains("1 app, 2 instances");
    }

    @Test
    void aFileThatThrowsIsReportedWithNodesMessage() throws Exception {
        assumeThat(Path.of("/usr/bin/node")).exists();
        Path js = dir.resolve("bad.config.js");
        Files.writeString(js, "throw new Error('boom from config');\n");
        JpmHomeFixture.Result r = jpm.jpm("convert", js.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("boom from config");
    }
}
