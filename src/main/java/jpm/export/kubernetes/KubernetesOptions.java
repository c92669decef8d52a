package jpm.export.kubernetes;

import java.nio.file.Path;

/**
 * What the command line adds to the file.
 *
 * @param image the image of every app whose {@code x-kubernetes} block names none; null = none
 * @param namespace the Kubernetes namespace of every object; null = each app's jpm namespace
 * @param fileStem the ecosystem file's name without its extension: the {@code part-of} label
 * @param fileDir the ecosystem file's directory, which the image holds as {@link KubernetesMapping#IMAGE_ROOT}
 */
public record KubernetesOptions(String image, String namespace, String fileStem, Path fileDir) {}
