package jpm.export.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.ecosystem.AppOrigin;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.Diagnostic.Severity;

/**
 * The translation (docs/export.md, "Kubernetes"): apps, where they were written and the options
 * in; per app its objects, and a warning for every attribute that does not carry over. Pure: no
 * file is read, nothing is written.
 */
public final class KubernetesMapping {
    /** Where the image holds the ecosystem file's directory: cwd and absolute scripts under it are mapped there. */
    static final String IMAGE_ROOT = "/app";
    /** The image of the init containers that wait for a dependency's Service (nc). */
    static final String WAIT_IMAGE = "busybox:1.37";
    /** The image of the CronJobs of cron_restart and of the waits for a Job (kubectl). */
    static final String KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.33.0";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    /** One app's objects, in the order to create them. */
    public record AppObjects(String app, String name, List<HasMetadata> objects) {}

    /**
     * @param namespaces the Namespaces the apps need (all but {@code default}), to create first
     */
    public record Result(List<HasMetadata> namespaces, List<AppObjects> apps, List<Diagnostic> warnings) {}

    private KubernetesMapping() {}

    public static Result map(List<AppSpec> apps, List<AppOrigin> origins, KubernetesOptions options) throws KubernetesExportException {
        List<Target> targets = targets(apps, origins, options);
        Map<String, Target> byId = new HashMap<>();
        for (Target t : targets) byId.put(t.app().id(), t);
        List<Diagnostic> warnings = new ArrayList<>();
        List<AppObjects> out = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>();
        for (Target t : targets) {
            warnings.addAll(Unmapped.warnings(t.app(), t.origin(), t.x()));
            out.add(new AppObjects(t.app().name(), t.name(), objects(t, byId, options, warnings)));
            if (!t.namespace().equals(AppSpec.DEFAULT_NAMESPACE)) namespaces.add(t.namespace());
        }
        List<HasMetadata> ns = new ArrayList<>();
        for (String n : namespaces) {
            ns.add(new NamespaceBuilder().withNewMetadata().withName(n).withLabels(Map.of(MANAGED_BY_LABEL, "jpm")).endMetadata().build());
        }
        return new Result(ns, out, warnings);
    }

    /** Names, namespaces, images and ports decided for every app first; all problems at once. */
    static List<Target> targets(List<AppSpec> apps, List<AppOrigin> origins, KubernetesOptions options) throws KubernetesExportException {
        List<String> problems = new ArrayList<>();
        Map<String, String> taken = new HashMap<>();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            AppSpec app = apps.get(i);
            AppOrigin origin = origins.get(i);
            XKubernetes x = XKubernetes.of(origin.extension(XKubernetes.KEY));
            String name = ObjectNames.dnsLabel(app.name(), "app");
            String namespace = options.namespace() != null ? options.namespace() : ObjectNames.dnsLabel(app.namespace(), "default");
            String image = x.image() != null ? x.image() : options.image();
            if (image == null) {
                problems.add("app '" + app.name() + "' has no image: pass --image IMAGE, or set image in its x-kubernetes block");
            }
            String other = taken.putIfAbsent(namespace + "/" + name, app.id());
            if (other != null) {
                problems.add("apps '" + other + "' and '" + app.id() + "' would both be named " + name + " in namespace " + namespace
                        + ": rename one of them");
            }
            boolean oneShot = !app.supervision().restart().autorestart();
            targets.add(new Target(app, origin, x, name, namespace, image, port(app), oneShot));
        }
        if (!problems.isEmpty()) throw new KubernetesExportException(problems);
        return targets;
    }

    /** port, or in cluster mode a numeric env PORT: the port of the app's Service. */
    static Integer port(AppSpec app) {
        if (app.launch().port() != null) return app.launch().port();
        if (!app.launch().execMode().equals("cluster")) return null;
        String p = app.launch().env().get("PORT");
        if (p == null || !p.strip().matches("[0-9]{1,5}")) return null;
        int n = Integer.parseInt(p.strip());
        return n >= 1 && n <= 65535 ? n : null;
    }

    private static List<HasMetadata> objects(Target t, Map<String, Target> byId, KubernetesOptions options, List<Diagnostic> warnings) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME_LABEL, t.name());
        selector.put(PART_OF_LABEL, ObjectNames.dnsLabel(options.fileStem(), "ecosystem"));
        Map<String, String> labels = new LinkedHashMap<>(selector);
        labels.put(MANAGED_BY_LABEL, "jpm");
        labels.putAll(t.x().labels());

        List<HasMetadata> objects = new ArrayList<>();
        DependencyWaits.Waits waits = DependencyWaits.of(t, byId, labels, warnings);
        PodTemplates.Pod pod = PodTemplates.of(t, labels, options.fileDir(), waits.initContainers(), waits.serviceAccount(), warnings);
        objects.addAll(pod.refs());
        objects.addAll(waits.rbac());
        ObjectMeta meta = new ObjectMetaBuilder().withName(t.name()).withNamespace(t.namespace()).withLabels(labels).build();
        String cron = t.app().supervision().triggers().cronRestart();
        CronSchedules.Result schedule = cron == null ? null : CronSchedules.toKubernetes(cron);
        if (schedule != null && schedule.schedule() == null) {
            warnings.add(t.origin().at("cron_restart", Severity.WARNING, "not exported: " + schedule.problem()));
            schedule = null;
        }
        int instances = t.app().instances();
        if (t.oneShot()) {
            JobSpec job = new JobSpecBuilder().withParallelism(instances).withCompletions(instances).withBackoffLimit(0)
                    .withTemplate(pod.template()).build();
            if (schedule != null) {
                // a one-shot run on a schedule is what a CronJob is: it runs the app itself
                objects.add(new CronJobBuilder().withMetadata(meta).withNewSpec().withSchedule(schedule.schedule())
                        .withConcurrencyPolicy("Forbid").withNewJobTemplate().withNewMetadata().withLabels(labels).endMetadata()
                        .withSpec(job).endJobTemplate().endSpec().build());
            } else {
                objects.add(new JobBuilder().withMetadata(meta).withSpec(job).build());
            }
        } else if (t.x().statefulSet()) {
            objects.add(new StatefulSetBuilder().withMetadata(meta).withNewSpec().withReplicas(instances)
                    .withServiceName(t.port() != null ? t.name() : null).withNewSelector().withMatchLabels(selector).endSelector()
                    .withTemplate(pod.template()).endSpec().build());
        } else {
            objects.add(new DeploymentBuilder().withMetadata(meta).withNewSpec().withReplicas(instances).withNewSelector()
                    .withMatchLabels(selector).endSelector().withTemplate(pod.template()).endSpec().build());
        }
        if (t.port() != null) {
            objects.add(new ServiceBuilder().withNewMetadata().withName(t.name()).withNamespace(t.namespace()).withLabels(labels)
                    .endMetadata().withNewSpec().withType(t.x().serviceType()).withSelector(selector).addNewPort().withName("app")
                    .withPort(t.port()).withTargetPort(new IntOrString("app")).withProtocol("TCP").endPort().endSpec().build());
        }
        if (schedule != null && !t.oneShot()) objects.addAll(restarter(t, labels, schedule.schedule()));
        return objects;
    }

    /**
     * cron_restart of a long-running app: a CronJob that does what {@code kubectl rollout restart}
     * does (a new restartedAt annotation on the pod template, so the pods are replaced one by one),
     * as a ServiceAccount that may only get and patch this one workload.
     */
    private static List<HasMetadata> restarter(Target t, Map<String, String> labels, String schedule) {
        String name = t.name() + "-restart";
        String resource = t.x().statefulSet() ? "statefulsets" : "deployments";
        List<HasMetadata> out = new ArrayList<>(Rbac.account(name, t.namespace(), labels, "apps", resource, List.of(t.name()),
                List.of("get", "patch")));
        Container kubectl = new ContainerBuilder().withName("restart").withImage(KUBECTL_IMAGE)
                .withCommand("kubectl", "rollout", "restart", resource.substring(0, resource.length() - 1) + "/" + t.name(),
                        "--namespace", t.namespace())
                .build();
        out.add(new CronJobBuilder().withNewMetadata().withName(name).withNamespace(t.namespace()).withLabels(labels).endMetadata()
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Forbid").withNewJobTemplate().withNewSpec()
                .withBackoffLimit(2).withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .withServiceAccountName(name).withRestartPolicy("Never").withContainers(kubectl).endSpec().endTemplate()
                .endSpec().endJobTemplate().endSpec().build());
        return out;
    }
}
