package jpm.export.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.EcosystemLoader;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;

/** Ecosystem files written, loaded as the command loads them (4 CPUs for instances: max) and translated. */
final class KubernetesFixtures {
    static final String IMAGE = "registry.example.com/shop:1.0";

    private KubernetesFixtures() {}

    /** dir/eco.yaml with this text, and an executable dir/run.sh. */
    static Path write(Path dir, String yaml) throws IOException {
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        script.toFile().setExecutable(true);
        Path file = dir.resolve("eco.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static LoadResult load(Path file) {
        return new EcosystemLoader(4).load(file.toAbsolutePath(), LoadOptions.DEFAULTS);
    }

    static KubernetesOptions options(Path file, String image, String namespace) {
        Path abs = file.toAbsolutePath().normalize();
        return new KubernetesOptions(image, namespace, abs.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", ""),
                abs.getParent());
    }

    static KubernetesMapping.Result map(Path file) throws KubernetesExportException {
        return map(file, IMAGE, null);
    }

    static KubernetesMapping.Result map(Path file, String image, String namespace) throws KubernetesExportException {
        LoadResult r = load(file);
        return KubernetesMapping.map(r.apps(), r.origins(), options(file, image, namespace));
    }

    /** Every object of the result, namespaces first. */
    static List<HasMetadata> all(KubernetesMapping.Result r) {
        List<HasMetadata> all = new ArrayList<>(r.namespaces());
        r.apps().forEach(a -> all.addAll(a.objects()));
        return all;
    }

    /** The one object of this kind and name. */
    static <T extends HasMetadata> T find(KubernetesMapping.Result r, Class<T> kind, String name) {
        return all(r).stream().filter(kind::isInstance).map(kind::cast).filter(o -> o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in " + all(r)));
    }

    /** Warnings rendered with the file's name instead of its path. */
    static List<String> warnings(KubernetesMapping.Result r, Path file) {
        return r.warnings().stream().map(Diagnostic::render)
                .map(s -> s.replace(file.toAbsolutePath().toString(), file.getFileName().toString())).toList();
    }
}
