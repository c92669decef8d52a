package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real bin/jpm export kubernetes: its output, its warnings on stderr, its exit codes, and what it loads. */
class ExportKubernetesIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Files.copy(JpmHomeFixture.fixture("hello.sh"), dir.resolve("hello.sh"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path file = dir.resolve("shop.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String SHOP = """
            apps:
              - name: web
                script: hello.sh
                port: 8080
                watch: true
                env: {API_TOKEN: abc, MODE: fast}
              - name: migrate
                script: hello.sh
                autorestart: false
            """;

    @Test
    void writesTheObjectsToStdoutAndEachWarningAtItsLineWithoutADaemon() throws Exception {
        Path file = file(SHOP);
        JpmHomeFixture.Result r = jpm.jpm("export", "kubernetes", file.toString(), "--image", "shop:1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("kind: Deployment", "kind: Service", "kind: Job", "kind: Secret", "image: shop:1",
                "app.kubernetes.io/part-of: shop");
        assertThat(r.out()).contains("secretKeyRef", "API_TOKEN: abc", "name: MODE\n          value: fast");
        assertThat(r.err()).contains(file + ":5:12: /apps/0/watch: not exported");
        assertThat(Files.exists(jpm.home().resolve("daemon.pid"))).as("no daemon was started").isFalse();
    }

    @Test
    void envMergesItsVariablesAndNamespacePutsEveryObjectInOne() throws Exception {
        Path file = file(SHOP.replace("env: {API_TOKEN: abc, MODE: fast}", "env: {API_TOKEN: abc, MODE: fast}\n    env_production: {MODE: safe}"));
        JpmHomeFixture.Result r = jpm.jpm("export", "kubernetes", file.toString(), "--image", "shop:1", "--env", "production",
                "--namespace", "shop-prod");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("name: MODE\n          value: safe").doesNotContain("value: fast");
        assertThat(r.out().lines().filter(l -> l.strip().startsWith("namespace:")).distinct().toList())
                .containsExactly("  namespace: shop-prod");
        assertThat(r.out()).contains("kind: Namespace\nmetadata:\n  labels:\n    app.kubernetes.io/managed-by: jpm\n  name: shop-prod");
    }

    @Test
    void anAppWithoutAnImageIsAUsageErrorNamingItAndNothingIsWritten() throws Exception {
        Path file = file(SHOP);
        Path out = dir.resolve("k8s");
        JpmHomeFixture.Result first = jpm.jpm("export", "kubernetes", file.toString(), "--image", "shop:1", "-o", out.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(names(out)).containsExactly("migrate.yaml", "web.yaml");
        String before = Files.readString(out.resolve("web.yaml"));

        Files.writeString(file, SHOP.replace("port: 8080", "port: 9090"));
        JpmHomeFixture.Result r = jpm.jpm("export", "kubernetes", file.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("app 'web' has no image: pass --image IMAGE, or set image in its x-kubernetes block",
                "app 'migrate' has no image", "nothing was written");
        assertThat(names(out)).containsExactly("migrate.yaml", "web.yaml");
        assertThat(Files.readString(out.resolve("web.yaml"))).isEqualTo(before);
    }

    @Test
    void anErrorInTheFileIsPrintedAsValidatePrintsItWithExit2() throws Exception {
        Path file = file("""
                apps:
                  - name: web
                    script: hello.sh
                    x-kubernetes: {kind: DaemonSet}
                """);
        JpmHomeFixture.Result r = jpm.jpm("export", "kubernetes", file.toString(), "--image", "shop:1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":4:26: /apps/0/x-kubernetes/kind");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void onlyTheExportLoadsFabric8AndJackson() throws Exception {
        Path file = file(SHOP);
        for (String verb : List.of("ping", "ls")) {
            assertThat(classesLoaded(List.of(verb))).as("classes of jpm %s", verb).contains(" jpm.cli.Main ")
                    .doesNotContain(" io.fabric8.", " tools.jackson.", " com.fasterxml.jackson.", " jpm.export.kubernetes.");
        }
        assertThat(classesLoaded(List.of("export", "kubernetes", file.toString(), "--image", "shop:1")))
                .as("the check can fail: the export loads them").contains(" io.fabric8.kubernetes.api.model.", " tools.jackson.");
    }

    private static List<String> names(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The CLI's jar run with a class-load log (not bin/jpm: its AOT cache holds classes whether used or not). */
    private String classesLoaded(List<String> args) throws IOException {
        Path log = Files.createTempFile("jpm-export-classes-", ".log");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto",
                    "-Xlog:disable", "-Xlog:class+load=info:file=" + log, "--enable-native-access=ALL-UNNAMED", "-jar",
                    JpmHomeFixture.JAR.toString()));
            cmd.addAll(args);
            jpm.run(cmd, Map.of("JPM_HOME", jpm.home().toString()));
            return Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
