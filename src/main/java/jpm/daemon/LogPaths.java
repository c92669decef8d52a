package jpm.daemon;

import java.nio.file.Path;
import jpm.spec.AppName;
import jpm.spec.AppSpec;

/**
 * Where an instance's output goes: {@code logs/<name>-<i>-out.log} for the default namespace and
 * {@code logs/<namespace>/<name>-<i>-out.log} otherwise, so the same name in two namespaces never
 * shares a file. Names pass through {@link AppName#fileStem}, so no path leaves the logs dir.
 */
public record LogPaths(Path logsDir) {
    public Path dirFor(String namespace) {
        if (namespace.equals(AppSpec.DEFAULT_NAMESPACE)) return logsDir;
        return logsDir.resolve(AppName.fileStem(namespace));
    }

    public Path out(String namespace, String name, int instance) {
        return dirFor(namespace).resolve(AppName.fileStem(name) + "-" + instance + "-out.log");
    }

    public Path err(String namespace, String name, int instance) {
        return dirFor(namespace).resolve(AppName.fileStem(name) + "-" + instance + "-error.log");
    }
}
