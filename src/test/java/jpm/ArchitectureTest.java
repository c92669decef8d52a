package jpm;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Who may import whom (docs/architecture.md), enforced. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jpm");

    @Test
    void packagesDependOnlyInTheAllowedDirections() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("jpm.cli..")
                .layer("apply").definedBy("jpm.apply..")
                .layer("plan").definedBy("jpm.plan..")
                .layer("daemon").definedBy("jpm.daemon..")
                .layer("rpc").definedBy("jpm.rpc..")
                .layer("os").definedBy("jpm.os..")
                .layer("ecosystem").definedBy("jpm.ecosystem..")
                .layer("home").definedBy("jpm.home..")
                .layer("json").definedBy("jpm.json..")
                .layer("logs").definedBy("jpm.logs..")
                .layer("metrics").definedBy("jpm.metrics..")
                .layer("git").definedBy("jpm.git..")
                .layer("sync").definedBy("jpm.sync..")
                .layer("export").definedBy("jpm.export..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("apply").mayOnlyBeAccessedByLayers("cli", "sync")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("cli", "apply", "sync")
                .whereLayer("daemon").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("rpc").mayOnlyBeAccessedByLayers("cli", "apply", "daemon", "metrics", "sync")
                .whereLayer("os").mayOnlyBeAccessedByLayers("daemon", "cli")
                .whereLayer("ecosystem").mayOnlyBeAccessedByLayers("cli", "apply", "plan", "daemon", "rpc", "sync", "export")
                .whereLayer("home").mayOnlyBeAccessedByLayers("cli", "daemon", "metrics", "sync")
                .whereLayer("json").mayOnlyBeAccessedByLayers("cli", "apply", "plan", "daemon", "rpc", "ecosystem", "logs", "sync", "export")
                .whereLayer("logs").mayOnlyBeAccessedByLayers("cli", "daemon")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("cli", "daemon")
                .whereLayer("git").mayOnlyBeAccessedByLayers("cli", "sync")
                .whereLayer("sync").mayOnlyBeAccessedByLayers("cli", "daemon")
                .whereLayer("export").mayOnlyBeAccessedByLayers("cli")
                .withOptionalLayers(true)
                .check(CLASSES);
    }

    @Test
    void theCliUsesTheDaemonPackageOnlyToRunADaemonInProcess() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("jpm.cli..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("jpm.daemon classes other than Daemon",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("jpm.daemon")
                                && !c.getName().equals("jpm.daemon.Daemon")))
                .check(CLASSES);
    }

    /**
     * The Prometheus client is used by jpm.metrics only: the CLI and the daemon reach it through
     * that package, which they call only for metrics, so ping, ls and an idle daemon never load it.
     * In the daemon, only Daemon starts the listener; the core knows nothing of it.
     */
    @Test
    void onlyTheMetricsPackageUsesThePrometheusClient() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("jpm.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .check(CLASSES);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("jpm.daemon..")
                .and().doNotHaveFullyQualifiedName("jpm.daemon.Daemon")
                .should().dependOnClassesThat().resideInAPackage("jpm.metrics..")
                .check(CLASSES);
    }

    /**
     * JLine is used by jpm.cli.monit only, and only MonitCommand reaches that package, after its
     * check for a terminal: ping, ls and every other command never load a JLine class.
     */
    @Test
    void onlyMonitUsesJLine() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("jpm.cli.monit..")
                .should().dependOnClassesThat().resideInAPackage("org.jline..")
                .check(CLASSES);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("jpm.cli.monit..")
                .and().doNotHaveFullyQualifiedName("jpm.cli.MonitCommand")
                .should().dependOnClassesThat().resideInAPackage("jpm.cli.monit..")
                .check(CLASSES);
    }

    /**
     * fabric8's model and Jackson are used by jpm.export.kubernetes only, and only
     * ExportKubernetesCommand reaches that package: no other command loads a class of either.
     */
    @Test
    void onlyTheKubernetesExportUsesFabric8AndJackson() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("jpm.export.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "tools.jackson..", "com.fasterxml.jackson..")
                .check(CLASSES);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("jpm.export.kubernetes..")
                .and().doNotHaveFullyQualifiedName("jpm.cli.ExportKubernetesCommand")
                .should().dependOnClassesThat().resideInAPackage("jpm.export.kubernetes..")
                .check(CLASSES);
    }

    /** The daemon core speaks the wire only where requests enter and answers leave; the state format may use the codec. */
    static final java.util.Set<String> SPEAK_THE_WIRE = java.util.Set.of("Daemon", "Supervisor", "RequestHandler", "StartRequest",
            "InstanceRequests", "BatchExecutor", "DumpRequests", "RevisionRequests", "Views", "EventStreams");

    /** The request handlers: each answers its own verbs and none calls another (shared work lives in AppChanges and friends). */
    static final java.util.List<String> HANDLERS = java.util.List.of("StartRequest", "InstanceRequests", "BatchExecutor", "DumpRequests",
            "RevisionRequests");

    @Test
    void theDaemonCoreIsFreeOfTheWireExceptAtItsRequestHandler() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that(com.tngtech.archunit.base.DescribedPredicate.describe("daemon classes outside the request layer",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("jpm.daemon")
                                && !SPEAK_THE_WIRE.contains(topLevel(c).getSimpleName())))
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("jpm.rpc classes other than the codec",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("jpm.rpc")
                                && !c.getName().equals("jpm.rpc.WireCodec")))
                .check(CLASSES);
    }

    @Test
    void requestHandlersNeverCallEachOther() {
        for (String handler : HANDLERS) {
            com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                    .that(com.tngtech.archunit.base.DescribedPredicate.describe(handler,
                            (com.tngtech.archunit.core.domain.JavaClass c) -> topLevel(c).getName().equals("jpm.daemon." + handler)))
                    .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("another request handler",
                            (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("jpm.daemon")
                                    && HANDLERS.contains(topLevel(c).getSimpleName()) && !topLevel(c).getSimpleName().equals(handler)))
                    .check(CLASSES);
        }
    }

    @Test
    void onlyPersistenceWritesTheStateFilesAndOnlyTheSpawnersCallPosixSpawn() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().doNotHaveFullyQualifiedName("jpm.daemon.Persistence").and().doNotHaveFullyQualifiedName("jpm.daemon.StateStore")
                .should().dependOnClassesThat().haveFullyQualifiedName("jpm.daemon.StateStore")
                .check(CLASSES);
        // the spawner starts apps; the pipe holder is the one helper process; cluster mode only names fds to hand over
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().doNotHaveFullyQualifiedName("jpm.daemon.Spawner").and().doNotHaveFullyQualifiedName("jpm.daemon.PipeHolder")
                .and().resideOutsideOfPackage("jpm.os..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("PosixSpawn.spawn",
                        (com.tngtech.archunit.core.domain.JavaMethodCall call) -> call.getTargetOwner().getName().equals("jpm.os.PosixSpawn")
                                && call.getName().startsWith("spawn")))
                .check(CLASSES);
    }

    @Test
    void theDecisionsArePure() {
        // no I/O, no clock, no threads, no processes: what they decide is a function of their arguments
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that(com.tngtech.archunit.base.DescribedPredicate.describe("the pure decisions of the daemon",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> java.util.Set.of("jpm.daemon.Lifecycle", "jpm.daemon.LifecycleLaunch", "jpm.daemon.LifecycleEvents",
                                "jpm.daemon.RecoveryPlanner", "jpm.daemon.ChildEnv", "jpm.daemon.ProcessTrees", "jpm.daemon.Targets",
                                "jpm.daemon.MessagesToApps", "jpm.daemon.ProbeState", "jpm.daemon.ProbeSchedule", "jpm.daemon.ProbeTemplate",
                                "jpm.daemon.HttpProbeResponse", "jpm.daemon.DependencyConditions", "jpm.daemon.DependentRestartRule", "jpm.daemon.StopOrder", "jpm.sync.TickDecision", "jpm.sync.SourceName",
                                "jpm.sync.SourceSettings", "jpm.sync.SourceView")
                                .contains(topLevel(c).getName()) || c.getPackageName().equals("jpm.daemon.events")))
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("I/O, clocks, threads or processes",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("java.io")
                                || c.getPackageName().startsWith("java.nio") || c.getPackageName().startsWith("java.net")
                                || c.getPackageName().startsWith("java.util.concurrent")
                                || java.util.Set.of("java.time.Clock", "java.lang.Thread", "java.lang.ProcessHandle", "java.lang.Runtime")
                                        .contains(c.getName())
                                || c.getPackageName().equals("jpm.os") && !c.getName().equals("jpm.os.ProcFs$Stat")))
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(CLASSES);
    }

    private static com.tngtech.archunit.core.domain.JavaClass topLevel(com.tngtech.archunit.core.domain.JavaClass c) {
        com.tngtech.archunit.core.domain.JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
        return top;
    }
}
