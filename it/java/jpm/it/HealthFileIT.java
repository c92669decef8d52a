package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** health and depends_on as files write them: a PM2 JavaScript file converts to YAML that validates, and a mistake refuses the file. */
class HealthFileIT {
    static final String HELLO = JpmHomeFixture.fixture("hello.sh").toString();

    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    @Test
    void aJavaScriptFileWithHealthAndDependsOnConvertsToYamlThatValidates() throws Exception {
        assumeThat(Path.of("/usr/bin/node")).as("node is needed to evaluate a .js file").exists();
        Path js = dir.resolve("ecosystem.config.js");
        Files.writeString(js, """
                module.exports = {
                  apps: [
                    { name: 'api', script: '%1$s', env: { PORT: 3000 }, restartDependents: true,
                      healthcheck: { http: 'http://127.0.0.1:${PORT}/health', start_period: '5s' } },
                    { name: 'web', script: '%1$s', dependsOn: { api: { condition: 'healthy' } } },
                    { name: 'worker', script: '%1$s', depends_on: ['api', 'web'] },
                  ],
                };
                """.formatted(HELLO));
        Path yaml = dir.resolve("ecosystem.yaml");
        jpm.jpm("convert", js.toString(), "-o", yaml.toString()).ok();
        assertThat(Files.readString(yaml)).contains("http: http://127.0.0.1:${PORT}/health").contains("condition: healthy");
        JpmHomeFixture.Result r = jpm.jpm("validate", yaml.toString()).ok();
        assertThat(r.out()).contains("3 apps, 3 instances");
        assertThat(r.err()).doesNotContain("warning");
    }

    @Test
    void aCycleRefusesTheWholeFileAtItsLineAndAppliesNothing() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, """
                apps:
                  - name: web
                    script: %1$s
                    depends_on: [api]
                  - name: api
                    script: %1$s
                    depends_on:
                      web: {condition: started}
                  - name: alone
                    script: %1$s
                """.formatted(HELLO));
        JpmHomeFixture.Result r = jpm.jpm("apply", eco.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(eco + ":8:7: /apps/1/depends_on/web: a cycle: api -> web -> api;")
                .contains("nothing was applied");
        assertThat(jpm.jlist()).isEmpty();
        assertThat(jpm.jpm("validate", eco.toString()).exit()).isEqualTo(2);
    }
}
