package jpm.ecosystem;

/**
 * One app as the user defined it, validated on construction so a daemon never holds an invalid
 * spec. Its fields fall in the three classes the planner treats differently: {@code instances}
 * (scale), {@link Launch} (restart) and {@link Supervision} (updated live).
 */
public record AppSpec(String name, String namespace, int instances, Launch launch, Supervision supervision) {
    public static final String DEFAULT_NAMESPACE = "default";
    public static final int MAX_INSTANCES = 1024;

    public AppSpec {
        AppName.requireValid("app name", name);
        namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
        AppName.requireValid("namespace", namespace);
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new SpecException("app '" + name + "': instances must be between 1 and " + MAX_INSTANCES + ", got " + instances);
        }
        if (launch == null) throw new SpecException("app '" + name + "': script must not be empty");
        if (supervision == null) supervision = Supervision.DEFAULTS;
    }

    /** A spec with PM2's defaults for everything but what identifies and launches the app. */
    public static AppSpec of(String name, String script, String cwd) {
        return new AppSpec(name, DEFAULT_NAMESPACE, 1, Launch.of(script, cwd), Supervision.DEFAULTS);
    }

    public AppSpec withNamespace(String ns) {
        return new AppSpec(name, ns, instances, launch, supervision);
    }

    public AppSpec withInstances(int n) {
        return new AppSpec(name, namespace, n, launch, supervision);
    }

    public AppSpec withLaunch(Launch l) {
        return new AppSpec(name, namespace, instances, l, supervision);
    }

    public AppSpec withSupervision(Supervision s) {
        return new AppSpec(name, namespace, instances, launch, s);
    }

    /** "namespace/name", the identity shown in plans and messages. */
    public String id() {
        return namespace + "/" + name;
    }
}
