package jpm.export.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.List;
import jpm.ecosystem.LoadResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every exported object created through a real {@link KubernetesClient} in fabric8's mock API
 * server (CRUD mode: it stores what it is sent), then read back from it equal, once the fields
 * the server fills in (uid, resourceVersion, creationTimestamp, generation) are set aside.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExportServerTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @ParameterizedTest
    @ValueSource(strings = {"ecosystem.example", "pm2-style"})
    void everyObjectIsCreatedInTheApiServerAndReadsBackEqual(String name) throws Exception {
        Path file = KubernetesGoldenTest.source(name);
        LoadResult loaded = KubernetesFixtures.load(file);
        KubernetesMapping.Result r = KubernetesMapping.map(loaded.apps(), loaded.origins(),
                KubernetesFixtures.options(file, "registry.example.com/jpm-example:1", null));
        List<HasMetadata> objects = KubernetesFixtures.all(r);
        for (HasMetadata o : objects) client.resource(o).create();
        for (HasMetadata o : objects) {
            HasMetadata read = client.resource(o).get();
            assertThat(read).as("%s %s", o.getKind(), o.getMetadata().getName()).isNotNull();
            assertThat(withoutServerFields(read)).as("%s %s", o.getKind(), o.getMetadata().getName()).isEqualTo(o);
        }
        // and what a cluster lists by the file's label is the whole set of apps
        assertThat(client.apps().deployments().inAnyNamespace().withLabel(KubernetesMapping.PART_OF_LABEL).list().getItems())
                .isNotEmpty();
    }

    private static HasMetadata withoutServerFields(HasMetadata o) {
        ObjectMeta m = o.getMetadata();
        m.setUid(null);
        m.setResourceVersion(null);
        m.setCreationTimestamp(null);
        m.setGeneration(null);
        m.setManagedFields(null);
        if (m.getManagedFields() == null) m.setManagedFields(new java.util.ArrayList<>());
        return o;
    }
}
