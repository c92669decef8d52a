package jpm.export.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/** A ServiceAccount allowed exactly some verbs on one named object, and nothing else: its Role and RoleBinding. */
final class Rbac {
    private Rbac() {}

    static List<HasMetadata> account(String name, String namespace, Map<String, String> labels, String apiGroup, String resource,
                                     List<String> resourceNames, List<String> verbs) {
        return List.of(
                new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                        .endMetadata().build(),
                new RoleBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                        .addNewRule().withApiGroups(apiGroup).withResources(resource).withResourceNames(resourceNames)
                        .withVerbs(verbs).endRule().build(),
                new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                        .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
                        .withName(name).endRoleRef().addNewSubject().withKind("ServiceAccount").withName(name)
                        .withNamespace(namespace).endSubject().build());
    }
}
