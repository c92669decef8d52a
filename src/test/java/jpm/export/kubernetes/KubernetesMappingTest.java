package jpm.export.kubernetes;

import static jpm.export.kubernetes.KubernetesFixtures.find;
import static jpm.export.kubernetes.KubernetesFixtures.map;
import static jpm.export.kubernetes.KubernetesFixtures.warnings;
import static jpm.export.kubernetes.KubernetesFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.EcosystemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per row of the mapping table in docs/export.md. */
class KubernetesMappingTest {
    @TempDir
    Path dir;

    private Container container(KubernetesMapping.Result r, String name) {
        return find(r, Deployment.class, name).getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    @Test
    void anAppIsADeploymentRunningItsInterpreterScriptAndArgsInItsCwdUnderTheImageRoot() throws Exception {
        Files.createDirectories(dir.resolve("srv"));
        Files.writeString(dir.resolve("srv/main.py"), "print(1)\n");
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - name: api
                    script: main.py
                    args: [--port, 8080]
                    interpreter_args: -u
                    cwd: srv
                    instances: 3
                    env: {LOG_LEVEL: debug, WORKERS: 4}
                """));
        Deployment d = find(r, Deployment.class, "api");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "api")
                .containsEntry("app.kubernetes.io/part-of", "eco");
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "api",
                "app.kubernetes.io/part-of", "eco"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        Container c = container(r, "api");
        assertThat(c.getImage()).isEqualTo(KubernetesFixtures.IMAGE);
        assertThat(c.getCommand()).containsExactly("python3", "-u", "main.py");
        assertThat(c.getArgs()).containsExactly("--port", "8080");
        assertThat(c.getWorkingDir()).isEqualTo("/app/srv");
        assertThat(c.getEnv()).containsExactly(new EnvVar("LOG_LEVEL", "debug", null), new EnvVar("WORKERS", "4", null));
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).as("kill_timeout not written").isNull();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void aScriptWithoutAKnownExtensionIsExecutedItselfAndACommandOnPathToo() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: a, script: ./bin/www}
                  - {name: b, script: 'python3 -m http.server 8000'}
                """));
        assertThat(container(r, "a").getCommand()).containsExactly("./bin/www");
        assertThat(container(r, "b").getCommand()).containsExactly("python3");
        assertThat(container(r, "b").getArgs()).containsExactly("-m", "http.server", "8000");
    }

    @Test
    void aOneShotAppIsAJobThatRunsEachInstanceOnceWithoutRetries() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: migrate, script: run.sh, autorestart: false, instances: 2}
                """));
        Job j = find(r, Job.class, "migrate");
        assertThat(j.getSpec().getCompletions()).isEqualTo(2);
        assertThat(j.getSpec().getParallelism()).isEqualTo(2);
        assertThat(j.getSpec().getBackoffLimit()).isZero();
        assertThat(j.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(KubernetesFixtures.all(r)).noneMatch(Deployment.class::isInstance);
    }

    @Test
    void aPortOrClusterModeWithEnvPortGivesAContainerPortAndAService() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: web, script: run.sh, port: 8080}
                  - {name: api, script: run.sh, exec_mode: cluster, instances: 2, env: {PORT: 3000}}
                  - {name: worker, script: run.sh, env: {PORT: 3001}}
                """));
        assertThat(container(r, "web").getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(container(r, "web").getEnv()).contains(new EnvVar("PORT", "8080", null));
        Service web = find(r, Service.class, "web");
        assertThat(web.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
        assertThat(web.getSpec().getPorts().getFirst().getTargetPort()).isEqualTo(new IntOrString("app"));
        assertThat(web.getSpec().getSelector()).isEqualTo(find(r, Deployment.class, "web").getSpec().getSelector().getMatchLabels());
        assertThat(find(r, Service.class, "api").getSpec().getPorts().getFirst().getPort()).isEqualTo(3000);
        assertThat(KubernetesFixtures.all(r)).as("fork mode without port: no Service")
                .noneMatch(o -> o instanceof Service && o.getMetadata().getName().equals("worker"));
    }

    @Test
    void healthBecomesReadinessAndLivenessProbesWithItsTimingsInWholeSeconds() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - name: web
                    script: run.sh
                    port: 8080
                    health: {http: "http://127.0.0.1:${PORT}/health?deep=1", interval: 5s, timeout: 1500ms, retries: 4, start_period: 20s}
                  - name: db
                    script: run.sh
                    health: {tcp: "localhost:5432"}
                  - name: queue
                    script: run.sh
                    health: {exec: [test, -e, /tmp/ready], on_unhealthy: none}
                """));
        Probe web = container(r, "web").getLivenessProbe();
        assertThat(web.getHttpGet().getPath()).isEqualTo("/health?deep=1");
        assertThat(web.getHttpGet().getPort()).isEqualTo(new IntOrString(8080));
        assertThat(web.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(List.of(web.getPeriodSeconds(), web.getTimeoutSeconds(), web.getFailureThreshold(), web.getInitialDelaySeconds()))
                .containsExactly(5, 2, 4, 20);
        assertThat(container(r, "web").getReadinessProbe()).isEqualTo(web);
        Probe db = container(r, "db").getReadinessProbe();
        assertThat(db.getTcpSocket().getPort()).isEqualTo(new IntOrString(5432));
        assertThat(List.of(db.getPeriodSeconds(), db.getTimeoutSeconds(), db.getFailureThreshold())).containsExactly(10, 2, 3);
        assertThat(db.getInitialDelaySeconds()).isNull();
        assertThat(container(r, "queue").getReadinessProbe().getExec().getCommand()).containsExactly("test", "-e", "/tmp/ready");
        assertThat(container(r, "queue").getLivenessProbe()).as("on_unhealthy: none only reports").isNull();
    }

    @Test
    void aProbeWhoseTemplateTheEnvCannotFillIsAWarningAtHealth() throws Exception {
        Path file = write(dir, """
                apps:
                  - name: web
                    script: run.sh
                    health: {http: "http://127.0.0.1:${HTTP_PORT}/"}
                """);
        KubernetesMapping.Result r = map(file);
        assertThat(container(r, "web").getReadinessProbe()).isNull();
        assertThat(warnings(r, file)).containsExactly(
                "eco.yaml:4:13: /apps/0/health: no probe exported: the probe's ${HTTP_PORT} is not in the app's env");
    }

    @Test
    void maxMemoryRestartIsTheMemoryLimitAndXKubernetesResourcesWin() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: a, script: run.sh, max_memory_restart: 200M}
                  - name: b
                    script: run.sh
                    max_memory_restart: 1G
                    x-kubernetes:
                      resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 512Mi, cpu: 1}}
                  - {name: c, script: run.sh, max_memory_restart: 1000000}
                """));
        assertThat(container(r, "a").getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("200Mi")));
        assertThat(container(r, "a").getResources().getRequests()).isNullOrEmpty();
        assertThat(container(r, "b").getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("512Mi"), "cpu", new Quantity("1")));
        assertThat(container(r, "b").getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi")));
        assertThat(container(r, "c").getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("1000000")));
    }

    @Test
    void killTimeoutIsTheGracePeriodRoundedUp() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: a, script: run.sh, kill_timeout: 4500}
                """));
        assertThat(find(r, Deployment.class, "a").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L);
    }

    @Test
    void theNamespaceIsTheObjectsNamespaceAndIsCreatedFirstUnlessTheCommandLineNamesOne() throws Exception {
        Path file = write(dir, """
                apps:
                  - {name: a, script: run.sh, namespace: Shop_EU}
                  - {name: b, script: run.sh}
                """);
        KubernetesMapping.Result r = map(file);
        assertThat(find(r, Deployment.class, "a").getMetadata().getNamespace()).isEqualTo("shop-eu");
        assertThat(find(r, Deployment.class, "b").getMetadata().getNamespace()).isEqualTo("default");
        assertThat(r.namespaces()).extracting(o -> o.getMetadata().getName()).containsExactly("shop-eu");
        assertThat(r.namespaces().getFirst()).isInstanceOf(Namespace.class);
        KubernetesMapping.Result staging = map(file, KubernetesFixtures.IMAGE, "staging");
        assertThat(KubernetesFixtures.all(staging)).filteredOn(o -> !(o instanceof Namespace))
                .allMatch(o -> o.getMetadata().getNamespace().equals("staging"));
    }

    @Test
    void cronRestartIsACronJobThatRollsTheDeploymentWithAnAccountAllowedOnlyThat() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: api, script: run.sh, cron_restart: "0 3 * * *"}
                """));
        CronJob cron = find(r, CronJob.class, "api-restart");
        assertThat(cron.getSpec().getSchedule()).isEqualTo("0 3 * * *");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("api-restart");
        assertThat(pod.getContainers().getFirst().getCommand())
                .containsExactly("kubectl", "rollout", "restart", "deployment/api", "--namespace", "default");
        assertThat(find(r, ServiceAccount.class, "api-restart")).isNotNull();
        Role role = find(r, Role.class, "api-restart");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("apps");
            assertThat(rule.getResources()).containsExactly("deployments");
            assertThat(rule.getResourceNames()).containsExactly("api");
            assertThat(rule.getVerbs()).containsExactly("get", "patch");
        });
        RoleBinding binding = find(r, RoleBinding.class, "api-restart");
        assertThat(binding.getRoleRef().getName()).isEqualTo("api-restart");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("api-restart"));
    }

    @Test
    void aOneShotAppWithCronRestartIsACronJobRunningTheAppItself() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: report, script: run.sh, autorestart: false, cron_restart: "@hourly"}
                """));
        CronJob cron = find(r, CronJob.class, "report");
        assertThat(cron.getSpec().getSchedule()).isEqualTo("@hourly");
        assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo(KubernetesFixtures.IMAGE);
        assertThat(KubernetesFixtures.all(r)).noneMatch(o -> o instanceof Job || o instanceof Role);
    }

    @Test
    void aCronWithSecondsKubernetesCannotRunIsAWarningAtItsLine() throws Exception {
        Path file = write(dir, """
                apps:
                  - {name: api, script: run.sh, cron_restart: "*/30 * * * * *"}
                """);
        KubernetesMapping.Result r = map(file);
        assertThat(KubernetesFixtures.all(r)).noneMatch(CronJob.class::isInstance);
        assertThat(warnings(r, file)).singleElement().asString()
                .startsWith("eco.yaml:2:47: /apps/0/cron_restart: not exported: a CronJob's schedule has no seconds field");
    }

    @Test
    void dependsOnWaitsInAnInitContainerForTheServiceOrForTheJob() throws Exception {
        Path file = write(dir, """
                apps:
                  - {name: db, script: run.sh, port: 5432, health: {tcp: "127.0.0.1:5432"}}
                  - {name: migrate, script: run.sh, autorestart: false}
                  - {name: cache, script: run.sh}
                  - name: api
                    script: run.sh
                    depends_on: {db: {condition: healthy}, migrate: {condition: completed}, cache: {condition: started}}
                """);
        KubernetesMapping.Result r = map(file);
        var pod = find(r, Deployment.class, "api").getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("wait-db", "wait-migrate");
        assertThat(pod.getInitContainers().get(0).getCommand())
                .containsExactly("sh", "-c", "until nc -z -w 2 db.default.svc 5432; do sleep 2; done");
        assertThat(pod.getInitContainers().get(1).getCommand())
                .containsExactly("kubectl", "wait", "--for=condition=complete", "job/migrate", "--namespace", "default", "--timeout=-1s");
        assertThat(pod.getServiceAccountName()).isEqualTo("api-wait");
        assertThat(find(r, Role.class, "api-wait").getRules().getFirst().getResourceNames()).containsExactly("migrate");
        assertThat(warnings(r, file)).singleElement().asString()
                .startsWith("eco.yaml:7:84: /apps/3/depends_on/cache: not exported: default/cache has no port");
    }

    @Test
    void secretLookingEnvGoesToASecretAndALargeEnvToAConfigMap() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++) many.append("      V").append(i).append(": x\n");
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - name: api
                    script: run.sh
                    env:
                      API_TOKEN: abc
                      DATABASE_URL: postgres://shop:pw@db/shop
                      NODE_ENV: production
                  - name: big
                    script: run.sh
                    env:
                """ + many));
        Secret s = find(r, Secret.class, "api-secret");
        assertThat(s.getStringData()).isEqualTo(Map.of("API_TOKEN", "abc", "DATABASE_URL", "postgres://shop:pw@db/shop"));
        List<EnvVar> env = container(r, "api").getEnv();
        assertThat(env).extracting(EnvVar::getName).containsExactly("NODE_ENV", "API_TOKEN", "DATABASE_URL");
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("api-secret");
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("API_TOKEN");
        assertThat(env.get(1).getValue()).isNull();
        ConfigMap cm = find(r, ConfigMap.class, "big-env");
        assertThat(cm.getData()).hasSize(20).containsEntry("V7", "x");
        assertThat(container(r, "big").getEnv()).hasSize(20)
                .allSatisfy(v -> assertThat(v.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("big-env"));
    }

    @Test
    void whatDoesNotCarryOverIsAWarningAtTheAttribute() throws Exception {
        Path file = write(dir, """
                apps:
                  - name: api
                    script: run.sh
                    watch: true
                    out_file: /var/log/api.log
                    log_date_format: YYYY
                    stop_signal: SIGINT
                    instance_var: INSTANCE_ID
                    hooks: {errored: [logger, hi]}
                """);
        assertThat(warnings(map(file), file)).containsExactly(
                "eco.yaml:4:12: /apps/0/watch: not exported: Kubernetes does not restart a container when files change; build a new image and roll it out",
                "eco.yaml:5:15: /apps/0/out_file: " + "not exported: Kubernetes collects the container's stdout and stderr (kubectl logs) and "
                        + "rotates them itself; log files written in the container are neither collected nor kept",
                "eco.yaml:6:22: /apps/0/log_date_format: " + "not exported: Kubernetes collects the container's stdout and stderr (kubectl logs) and "
                        + "rotates them itself; log files written in the container are neither collected nor kept",
                "eco.yaml:9:12: /apps/0/hooks: not exported: Kubernetes runs no command on an app's events (a container has only postStart and preStop)",
                "eco.yaml:7:18: /apps/0/stop_signal: not exported: Kubernetes stops a container with the signal its image names: add `STOPSIGNAL SIGINT` to the image's Dockerfile",
                "eco.yaml:8:19: /apps/0/instance_var: not exported: the pods of a Deployment have no ordinals; x-kubernetes.kind: StatefulSet gives each pod its number in INSTANCE_ID");
    }

    @Test
    void everyAttributeThatNeverMapsIsAnAttributeOfJpm() {
        // a misspelt name would never be "written", and its warning never printed
        for (String attribute : Unmapped.ALWAYS.keySet()) {
            assertThat(jpm.ecosystem.Attributes.byKey(attribute)).as(attribute).isNotNull();
        }
    }

    @Test
    void aStatefulSetGivesEachPodItsOrdinalInInstanceVar() throws Exception {
        Path file = write(dir, """
                apps:
                  - name: shard
                    script: run.sh
                    instances: 3
                    port: 7000
                    instance_var: SHARD
                    x-kubernetes: {kind: StatefulSet}
                """);
        KubernetesMapping.Result r = map(file);
        StatefulSet s = find(r, StatefulSet.class, "shard");
        assertThat(s.getSpec().getReplicas()).isEqualTo(3);
        assertThat(s.getSpec().getServiceName()).isEqualTo("shard");
        EnvVar ordinal = s.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(v -> v.getName().equals("SHARD")).findFirst().orElseThrow();
        assertThat(ordinal.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theXKubernetesBlockNamesTheImageTheServiceTypeAndLabels() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - name: web
                    script: run.sh
                    port: 80
                    x-kubernetes: {image: shop/web:2, service_type: LoadBalancer, labels: {tier: front}}
                """));
        assertThat(container(r, "web").getImage()).isEqualTo("shop/web:2");
        assertThat(find(r, Service.class, "web").getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(find(r, Deployment.class, "web").getSpec().getTemplate().getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(find(r, Service.class, "web").getMetadata().getLabels()).containsEntry("tier", "front");
    }

    @Test
    void aBadXKubernetesBlockIsAnErrorOfTheFileAtItsLine() throws Exception {
        Path file = write(dir, """
                apps:
                  - name: web
                    script: run.sh
                    x-kubernetes: {kind: DaemonSet}
                """);
        assertThatThrownBy(() -> KubernetesFixtures.load(file)).isInstanceOf(EcosystemException.class)
                .satisfies(e -> assertThat(((EcosystemException) e).diagnostics().getFirst().render())
                        .contains("eco.yaml:4:26: /apps/0/x-kubernetes/kind"));
    }

    @Test
    void namesBecomeDnsLabelsAndTwoAppsWithOneNameAreRefused() throws Exception {
        KubernetesMapping.Result r = map(write(dir, """
                apps:
                  - {name: "My App.v2", script: run.sh}
                  - {name: "__x__", script: run.sh}
                """));
        assertThat(KubernetesFixtures.all(r)).extracting(o -> o.getMetadata().getName()).containsExactly("my-app-v2", "x");
        assertThat(ObjectNames.dnsLabel("a".repeat(80), "app")).hasSize(ObjectNames.MAX_BASE);
        assertThat(ObjectNames.dnsLabel("...", "app")).isEqualTo("app");
        for (HasMetadata o : KubernetesFixtures.all(r)) assertThat(ObjectNames.isDnsLabel(o.getMetadata().getName())).isTrue();
        assertThatThrownBy(() -> map(write(dir, """
                apps:
                  - {name: "web.api", script: run.sh}
                  - {name: "Web API", script: run.sh}
                """))).isInstanceOf(KubernetesExportException.class)
                .hasMessage("apps 'default/web.api' and 'default/Web API' would both be named web-api in namespace default: rename one of them");
    }

    @Test
    void anAppWithoutAnImageIsRefusedNamingTheAppAndBothRemedies() throws Exception {
        Path file = write(dir, """
                apps:
                  - {name: a, script: run.sh}
                  - {name: b, script: run.sh, x-kubernetes: {image: shop/b:1}}
                """);
        assertThatThrownBy(() -> map(file, null, null)).isInstanceOf(KubernetesExportException.class)
                .hasMessage("app 'a' has no image: pass --image IMAGE, or set image in its x-kubernetes block");
    }
}
