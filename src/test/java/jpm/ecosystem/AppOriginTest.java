package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.Diagnostic.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppOriginTest {
    @TempDir
    Path dir;

    private static final String FILE = """
            apps:
              - name: api
                script: run.sh
                watch: true
                env:
                  API_TOKEN: abc
                x-deploy:
                  image: shop/api:1.2
                  labels: {tier: web}
                  ports: [8080, 8443]
              - name: worker
                script: run.sh
                x-notes: anything at all
            """;

    @Test
    void anExtensionBlockIsKeptAsPlainValuesAndChangesNothingTheAppRunsWith() throws Exception {
        LoadResult r = EcosystemFixtures.load(EcosystemFixtures.writeEco(dir, FILE), LoadOptions.DEFAULTS);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.origins()).hasSize(2);
        assertThat(r.origins().get(0).extension("x-deploy")).isEqualTo(Map.of(
                "image", "shop/api:1.2", "labels", Map.of("tier", "web"), "ports", List.of(8080L, 8443L)));
        assertThat(r.origins().get(1).extension("x-deploy")).isNull();
        assertThat(r.origins().get(1).extension("x-notes")).isEqualTo("anything at all");

        LoadResult without = EcosystemFixtures.load(EcosystemFixtures.writeEco(dir,
                FILE.replaceAll("(?m)^    x-.*\\n(      .*\\n)*", "")), LoadOptions.DEFAULTS);
        assertThat(without.origins().get(0).extension("x-deploy")).isNull();
        assertThat(without.apps()).isEqualTo(r.apps());
    }

    @Test
    void findingsPointAtTheValueTheDeepestWrittenPartOrTheApp() throws Exception {
        Path file = EcosystemFixtures.writeEco(dir, FILE);
        AppOrigin api = EcosystemFixtures.load(file, LoadOptions.DEFAULTS).origins().get(0);
        assertThat(api.wrote("watch")).isTrue();
        assertThat(api.wrote("cron_restart")).isFalse();
        assertThat(EcosystemFixtures.rendered(List.of(
                api.at("watch", Severity.WARNING, "not mapped"),
                api.at("env/API_TOKEN", Severity.WARNING, "a secret"),
                api.at("x-deploy/labels/tier", Severity.WARNING, "a label"),
                api.at("x-deploy/resources/limits", Severity.WARNING, "no such part"),
                api.at("cron_restart", Severity.ERROR, "not written")), file)).containsExactly(
                "eco.yaml:4:12: /apps/0/watch: not mapped",
                "eco.yaml:6:18: /apps/0/env/API_TOKEN: a secret",
                "eco.yaml:9:22: /apps/0/x-deploy/labels/tier: a label",
                "eco.yaml:8:7: /apps/0/x-deploy: no such part",
                "eco.yaml:2:5: /apps/0: not written");
    }
}
