package jpm.export.kubernetes;

import jpm.ecosystem.AppOrigin;
import jpm.ecosystem.AppSpec;

/**
 * One app and what the export decided about it before making its objects, so that another app's
 * objects can refer to it (depends_on waits for its Service or its Job).
 *
 * @param name the DNS-1123 name of its objects
 * @param namespace its Kubernetes namespace
 * @param port the port its Service exposes, or null for no Service
 * @param oneShot {@code autorestart: false}: a Job (or a CronJob with cron_restart), not a Deployment
 */
record Target(AppSpec app, AppOrigin origin, XKubernetes x, String name, String namespace, String image, Integer port,
              boolean oneShot) {
    String workloadKind() {
        return oneShot ? "Job" : x.statefulSet() ? XKubernetes.STATEFUL_SET : XKubernetes.DEPLOYMENT;
    }

    /** The Service's DNS name inside the cluster. */
    String serviceHost() {
        return name + "." + namespace + ".svc";
    }
}
