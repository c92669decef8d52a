/**
 * {@code jpm export kubernetes} (docs/export.md): an ecosystem file's apps as Kubernetes objects.
 * {@link jpm.export.kubernetes.KubernetesMapping} decides everything (apps, where they were
 * written and the options in; objects and warnings out), pure and table-tested;
 * {@link jpm.export.kubernetes.Manifests} writes them as YAML. The only user of the fabric8
 * model and of Jackson, reached only through {@link jpm.export.kubernetes.KubernetesExport}, whose
 * API holds JDK and jpm types only, so that no other command loads them.
 */
package jpm.export.kubernetes;
