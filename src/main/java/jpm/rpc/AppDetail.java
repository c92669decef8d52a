package jpm.rpc;

import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * An app for {@code jpm describe}: its spec (with env values redacted by the daemon unless
 * asked for), the resolved command line, its instances, and its depends_on with each
 * condition's state now.
 *
 * @param revision the revision of its ecosystem file its definition came from, without the
 *     definitions (docs/gitops.md); null when there is none
 */
public record AppDetail(AppSpec spec, List<String> command, List<InstanceInfo> instances, List<InstanceDetail> details,
                        List<DependencyState> dependencies, Revision revision) {
    public AppDetail {
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    public AppDetail(AppSpec spec, List<String> command, List<InstanceInfo> instances, List<InstanceDetail> details,
                     List<DependencyState> dependencies) {
        this(spec, command, instances, details, dependencies, null);
    }

    public AppDetail(AppSpec spec, List<String> command, List<InstanceInfo> instances, List<InstanceDetail> details) {
        this(spec, command, instances, details, List.of());
    }
}
