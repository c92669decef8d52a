package jpm.export.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jpm.export.ExportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output of the command: the stream, the files of -o DIR, and values YAML would read as something else. */
class KubernetesExportTest {
    @TempDir
    Path dir;

    @Test
    void valuesThatLookLikeNumbersBooleansOrNullStayStringsWhenReadBack() throws Exception {
        Path file = KubernetesFixtures.write(dir, """
                apps:
                  - name: web
                    script: run.sh
                    args: ["1e3", "no", "0777"]
                    env: {A: "yes", B: "on", C: "null", D: "0777", E: "1e3", F: "~", G: "0x1F", H: "", I: "- x", J: "a: b"}
                """);
        KubernetesExport.Output out = KubernetesExport.export(KubernetesFixtures.load(file), KubernetesFixtures.options(file, "x:1", null));
        List<String> documents = KubernetesGoldenTest.documents(out.stream());
        Deployment d = (Deployment) new KubernetesSerialization().unmarshal(documents.getFirst(), HasMetadata.class);
        var c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getArgs()).containsExactly("1e3", "no", "0777");
        assertThat(c.getEnv()).extracting(EnvVar::getValue).containsExactly("yes", "on", "null", "0777", "1e3", "~", "0x1F", "", "- x", "a: b");
    }

    @Test
    void filesArePerAppWithTheNamespacesFirstAndTheNamespaceInTheNameOnlyWhenTwoAppsShareOne() throws Exception {
        Path file = KubernetesFixtures.write(dir, """
                apps:
                  - {name: web, script: run.sh, namespace: eu}
                  - {name: web, script: run.sh, namespace: us}
                  - {name: api, script: run.sh, namespace: eu}
                """);
        KubernetesExport.Output out = KubernetesExport.export(KubernetesFixtures.load(file), KubernetesFixtures.options(file, "x:1", null));
        assertThat(out.files().keySet()).containsExactly("00-namespaces.yaml", "eu-web.yaml", "us-web.yaml", "api.yaml");
        assertThat(out.files().get("us-web.yaml")).contains("namespace: us").doesNotContain("namespace: eu");

        Path target = dir.resolve("k8s");
        Files.createDirectories(target);
        Files.writeString(target.resolve("api.yaml"), "old");
        Files.writeString(target.resolve("keep.txt"), "mine");
        ExportFiles.write(target, out.exportFiles());
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("the files, replaced in place, and no temporary directory left")
                    .containsExactly("00-namespaces.yaml", "api.yaml", "eu-web.yaml", "keep.txt", "us-web.yaml");
        }
        assertThat(Files.readString(target.resolve("api.yaml"))).isEqualTo(out.files().get("api.yaml"));
        assertThat(Map.of("keep.txt", Files.readString(target.resolve("keep.txt")))).containsEntry("keep.txt", "mine");
    }

    @Test
    void aFileThatHoldsASecretIsWrittenForItsOwnerOnly() throws Exception {
        Path file = KubernetesFixtures.write(dir, """
                apps:
                  - {name: api, script: run.sh, env: {API_TOKEN: s3cr3t}}
                  - {name: web, script: run.sh, env: {PORT: "3000"}}
                """);
        KubernetesExport.Output out = KubernetesExport.export(KubernetesFixtures.load(file), KubernetesFixtures.options(file, "x:1", null));
        assertThat(out.secretFiles()).containsExactly("api.yaml");
        Path target = dir.resolve("k8s");
        ExportFiles.write(target, out.exportFiles());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("api.yaml")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("web.yaml")))).isEqualTo("rw-r--r--");
    }
}
