package jpm.export.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.Diagnostic.Severity;
import jpm.ecosystem.Supervision.Dependencies;

/**
 * depends_on as init containers, which Kubernetes runs to the end before the app's container:
 * {@code started} and {@code healthy} wait until the dependency's Service answers (its endpoints
 * are the pods that are ready, so healthy means its readiness probe passes); {@code completed}
 * waits until the dependency's Job is complete, which needs a ServiceAccount that may read it.
 */
final class DependencyWaits {
    /** The init containers, and the ServiceAccount (with its Role and RoleBinding) they need, if any. */
    record Waits(List<Container> initContainers, String serviceAccount, List<HasMetadata> rbac) {}

    private DependencyWaits() {}

    static Waits of(Target t, Map<String, Target> byId, Map<String, String> labels, List<Diagnostic> warnings) {
        List<Container> init = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        for (Map.Entry<String, String> e : t.app().supervision().dependencies().dependsOn().entrySet()) {
            String path = "depends_on/" + e.getKey().substring(e.getKey().indexOf('/') + 1);
            Target dep = byId.get(e.getKey());
            if (dep == null) {
                warnings.add(t.origin().at(path, Severity.WARNING, "not exported: " + e.getKey() + " is not an app of this file"));
                continue;
            }
            if (e.getValue().equals(Dependencies.COMPLETED)) {
                if (!dep.oneShot() || dep.app().supervision().triggers().cronRestart() != null) {
                    warnings.add(t.origin().at(path, Severity.WARNING, "not exported: " + e.getKey()
                            + " is not exported as a Job (autorestart: false, no cron_restart), so it never completes"));
                    continue;
                }
                if (!dep.namespace().equals(t.namespace())) {
                    warnings.add(t.origin().at(path, Severity.WARNING, "not exported: " + e.getKey()
                            + " is in another namespace, whose Jobs this app's ServiceAccount may not read"));
                    continue;
                }
                jobs.add(dep.name());
                init.add(new ContainerBuilder().withName("wait-" + dep.name()).withImage(KubernetesMapping.KUBECTL_IMAGE)
                        .withCommand("kubectl", "wait", "--for=condition=complete", "job/" + dep.name(), "--namespace",
                                dep.namespace(), "--timeout=-1s")
                        .build());
                continue;
            }
            if (dep.port() == null) {
                warnings.add(t.origin().at(path, Severity.WARNING, "not exported: " + e.getKey()
                        + " has no port, so no Service to wait for; the pod starts without waiting"));
                continue;
            }
            init.add(new ContainerBuilder().withName("wait-" + dep.name()).withImage(KubernetesMapping.WAIT_IMAGE)
                    .withCommand("sh", "-c", "until nc -z -w 2 " + dep.serviceHost() + " " + dep.port() + "; do sleep 2; done")
                    .build());
        }
        // a pod has one ServiceAccount: one for all the Jobs it waits for, allowed to read only them
        String account = jobs.isEmpty() ? null : t.name() + "-wait";
        List<HasMetadata> rbac = account == null ? List.of()
                : Rbac.account(account, t.namespace(), labels, "batch", "jobs", jobs, List.of("get", "list", "watch"));
        return new Waits(init, account, rbac);
    }
}
