package jpm.export.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jpm.Golden;
import jpm.ecosystem.LoadResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole export of the example file and of a PM2-style file, against checked-in YAML and
 * warnings ({@code -Djpm.golden.update=true} rewrites them: then review the diff), and every
 * document read back through fabric8's own deserializer equal to the object it was written from.
 */
class KubernetesGoldenTest {
    static final Path DIR = Path.of("src/test/resources/jpm/export/kubernetes");

    /** The files exported, and the image given on the command line. */
    static Path source(String name) {
        return name.equals("ecosystem.example") ? Path.of("ecosystem.example.yaml") : DIR.resolve(name + ".yaml");
    }

    static KubernetesExport.Output export(Path file) throws KubernetesExportException {
        LoadResult loaded = KubernetesFixtures.load(file);
        return KubernetesExport.export(loaded, KubernetesFixtures.options(file, "registry.example.com/jpm-example:1", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecosystem.example", "pm2-style"})
    void theExportIsTheCheckedInYamlAndWarnings(String name) throws Exception {
        Path file = source(name);
        KubernetesExport.Output out = export(file);
        Golden.assertFile(DIR.resolve(name + ".k8s.yaml"), out.stream());
        StringBuilder warnings = new StringBuilder();
        out.warnings().forEach(d -> warnings.append(d.render().replace(file.toAbsolutePath().toString(), file.toString())).append('\n'));
        Golden.assertFile(DIR.resolve(name + ".warnings.txt"), warnings.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecosystem.example", "pm2-style"})
    void everyDocumentReadsBackThroughFabric8EqualToItsObject(String name) throws Exception {
        Path file = source(name);
        LoadResult loaded = KubernetesFixtures.load(file);
        KubernetesMapping.Result r = KubernetesMapping.map(loaded.apps(), loaded.origins(),
                KubernetesFixtures.options(file, "registry.example.com/jpm-example:1", null));
        List<HasMetadata> objects = KubernetesFixtures.all(r);
        List<String> documents = documents(Manifests.yaml(objects));
        assertThat(documents).hasSize(objects.size());
        KubernetesSerialization fabric8 = new KubernetesSerialization();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata read = fabric8.unmarshal(documents.get(i), HasMetadata.class);
            assertThat(read).as(documents.get(i)).isEqualTo(objects.get(i));
        }
    }

    /** The documents of a stream that starts each with ---. */
    static List<String> documents(String stream) {
        List<String> out = new ArrayList<>();
        for (String part : ("\n" + stream).split("\n---\n")) {
            if (!part.isBlank() && !part.strip().startsWith("#")) out.add(part);
        }
        return out;
    }
}
