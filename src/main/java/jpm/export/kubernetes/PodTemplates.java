package jpm.export.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.Diagnostic.Severity;
import jpm.ecosystem.Interpreters;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;
import jpm.export.SecretNames;

/**
 * An app's pod: its container (command, working directory, env, port, probes, resources) and what
 * the container refers to (its Secret, its ConfigMap).
 */
final class PodTemplates {
    /** Above this many plain variables, or this many bytes of them, they go to a ConfigMap. */
    static final int CONFIG_MAP_VARIABLES = 16;
    static final int CONFIG_MAP_BYTES = 4096;

    /** The pod template, and the objects it refers to. */
    record Pod(PodTemplateSpec template, List<HasMetadata> refs) {}

    private PodTemplates() {}

    static Pod of(Target t, Map<String, String> labels, Path fileDir, List<Container> initContainers, String serviceAccount,
                  List<Diagnostic> warnings) {
        Launch l = t.app().launch();
        Supervision s = t.app().supervision();
        List<HasMetadata> refs = new ArrayList<>();
        ContainerBuilder c = new ContainerBuilder().withName(t.name()).withImage(t.image())
                .withWorkingDir(imagePath(l.cwd(), fileDir));
        List<String> interpreter = Interpreters.forScript(l.script(), l.interpreter());
        String script = l.script().startsWith("/") ? imagePath(l.script(), fileDir) : l.script();
        if (interpreter.isEmpty()) {
            c.withCommand(script);
        } else {
            List<String> command = new ArrayList<>(interpreter);
            command.addAll(l.interpreterArgs());
            command.add(script);
            c.withCommand(command);
        }
        if (!l.args().isEmpty()) c.withArgs(l.args());

        Map<String, String> env = env(t);
        c.withEnv(envVars(t, env, labels, refs));
        if (t.port() != null) c.addNewPort().withName("app").withContainerPort(t.port()).withProtocol("TCP").endPort();

        Supervision.HealthCheck h = s.health().health();
        if (h != null) {
            Probes.Result p = Probes.of(h, env);
            if (p.probe() == null) {
                warnings.add(t.origin().at("health", Severity.WARNING, "no probe exported: " + p.problem()));
            } else {
                c.withReadinessProbe(p.probe());
                // on_unhealthy: none only reports: a readiness probe alone takes the pod out of its Service
                if (h.restarts()) c.withLivenessProbe(p.probe());
            }
        }
        resources(t, c);

        PodSpecBuilder spec = new PodSpecBuilder().withContainers(c.build());
        if (!initContainers.isEmpty()) spec.withInitContainers(initContainers);
        if (serviceAccount != null) spec.withServiceAccountName(serviceAccount);
        if (t.origin().wrote("kill_timeout")) {
            spec.withTerminationGracePeriodSeconds((long) Probes.seconds(s.stop().killTimeoutMs()));
        }
        if (t.oneShot()) spec.withRestartPolicy("Never");
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(spec.build()).build();
        return new Pod(template, refs);
    }

    /** A path of this machine under the ecosystem file's directory, as the image holds it (under /app); others as they are. */
    static String imagePath(String path, Path fileDir) {
        Path p = Path.of(path).normalize();
        if (fileDir == null || !p.startsWith(fileDir)) return p.toString();
        String rel = fileDir.relativize(p).toString();
        return rel.isEmpty() ? KubernetesMapping.IMAGE_ROOT : KubernetesMapping.IMAGE_ROOT + "/" + rel;
    }

    /** The app's env, with PORT set from port as jpm does when the app runs. */
    private static Map<String, String> env(Target t) {
        Map<String, String> env = new TreeMap<>(t.app().launch().env());
        if (t.app().launch().port() != null) env.putIfAbsent("PORT", t.app().launch().port().toString());
        return env;
    }

    /** Secret values by secretKeyRef, the rest inline or (when large) from a ConfigMap; a StatefulSet's ordinal. */
    private static List<EnvVar> envVars(Target t, Map<String, String> env, Map<String, String> labels, List<HasMetadata> refs) {
        Map<String, String> secret = new TreeMap<>();
        Map<String, String> plain = new TreeMap<>();
        env.forEach((k, v) -> (SecretNames.isSecret(k, v) ? secret : plain).put(k, v));
        List<EnvVar> vars = new ArrayList<>();
        int bytes = plain.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (plain.size() > CONFIG_MAP_VARIABLES || bytes > CONFIG_MAP_BYTES) {
            String name = t.name() + "-env";
            refs.add(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(t.namespace()).withLabels(labels)
                    .endMetadata().withData(plain).build());
            plain.keySet().forEach(k -> vars.add(new EnvVarBuilder().withName(k).withNewValueFrom().withNewConfigMapKeyRef()
                    .withName(name).withKey(k).endConfigMapKeyRef().endValueFrom().build()));
        } else {
            plain.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
        }
        if (!secret.isEmpty()) {
            String name = t.name() + "-secret";
            refs.addFirst(new SecretBuilder().withNewMetadata().withName(name).withNamespace(t.namespace()).withLabels(labels)
                    .endMetadata().withType("Opaque").withStringData(secret).build());
            secret.keySet().forEach(k -> vars.add(new EnvVarBuilder().withName(k).withNewValueFrom().withNewSecretKeyRef()
                    .withName(name).withKey(k).endSecretKeyRef().endValueFrom().build()));
        }
        if (t.x().statefulSet()) {
            vars.add(new EnvVarBuilder().withName(t.app().launch().instanceVar()).withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.labels['apps.kubernetes.io/pod-index']").endFieldRef().endValueFrom().build());
        }
        return vars;
    }

    /** max_memory_restart as the memory limit (a hard one: the kernel kills above it), x-kubernetes.resources over it. */
    private static void resources(Target t, ContainerBuilder c) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        long bytes = t.app().supervision().triggers().maxMemoryRestartBytes();
        if (bytes > 0) limits.put("memory", new Quantity(memory(bytes)));
        t.x().limits().forEach((k, v) -> limits.put(k, new Quantity(v)));
        Map<String, Quantity> requests = new LinkedHashMap<>();
        t.x().requests().forEach((k, v) -> requests.put(k, new Quantity(v)));
        if (limits.isEmpty() && requests.isEmpty()) return;
        var resources = c.withNewResources();
        if (!limits.isEmpty()) resources.withLimits(limits);
        if (!requests.isEmpty()) resources.withRequests(requests);
        resources.endResources();
    }

    /** Bytes in the largest binary unit that divides them: 209715200 → 200Mi. */
    static String memory(long bytes) {
        String[] units = {"Ki", "Mi", "Gi", "Ti"};
        String unit = "";
        long n = bytes;
        for (int i = 0; i < units.length && n % 1024 == 0; i++) {
            n /= 1024;
            unit = units[i];
        }
        return n + unit;
    }
}
