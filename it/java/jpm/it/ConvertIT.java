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

    /**
     * Values the JavaScript computed on this machine at conversion are marked with a comment
     * that says from what: the expression when the source shows it, else what the second,
     * probing evaluation revealed (here a value from a helper file that reads process.env).
     */
    @Test
    void valuesComputedAtConversionAreMarkedWithTheirExpression() throws Exception {
        assumeThat(Path.of("/usr/bin/node")).as("node is needed to evaluate a .js file").exists();
        Files.writeString(dir.resolve("common.js"), "module.exports = { max_restarts: Number(process.env.JPM_IT_RESTARTS || 3) };\n");
        Path js = dir.resolve("ecosystem.config.js");
        Files.writeString(js, """
                const path = require('path');
                const common = require('./common');
                module.exports = {
                  apps: [{
                    ...common,
                    name: 'web',
                    script: '%s',
                    cwd: path.join(__dirname, 'www'),
                    instances: process.env.JPM_IT_INSTANCES || 2,
                    out_file: `${process.env.HOME}/web.log`,
                    env: { PORT: 3000, MODE: process.env.JPM_IT_MODE === 'prod' ? 'production' : 'development' },
                  }],
                };
                """.formatted(JpmHomeFixture.fixture("hello.sh")));
        Files.createDirectories(dir.resolve("www"));
        Path yaml = dir.resolve("ecosystem.yaml");
        JpmHomeFixture.Result r = jpm.jpm("convert", js.toString(), "-o", yaml.toString()).ok();
        assertThat(r.err()).contains("and the 5 values marked 'computed'");
        String home = System.getenv("HOME");
        assertThat(Files.readString(yaml)).contains(
                "max_restarts: 3 # computed at conversion from its environment",
                "name: web\n",
                "cwd: " + dir.resolve("www") + " # computed: path.join(__dirname, 'www')",
                "instances: 2 # computed: process.env.JPM_IT_INSTANCES || 2",
                "out_file: " + home + "/web.log # computed: `${process.env.HOME}/web.log`",
                "PORT: 3000\n",
                "MODE: development # computed: process.env.JPM_IT_MODE === 'prod' ? 'production' : 'development'");
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
