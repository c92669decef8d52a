package jpm;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Who may import whom (ARCHITECTURE.md and docs/architecture.md), enforced. */
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
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("apply").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("cli", "apply")
                .whereLayer("daemon").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("rpc").mayOnlyBeAccessedByLayers("cli", "apply", "daemon")
                .whereLayer("os").mayOnlyBeAccessedByLayers("daemon", "cli")
                .whereLayer("ecosystem").mayOnlyBeAccessedByLayers("cli", "apply", "plan", "daemon", "rpc")
                .whereLayer("home").mayOnlyBeAccessedByLayers("cli", "daemon")
                .whereLayer("json").mayOnlyBeAccessedByLayers("cli", "apply", "daemon", "rpc", "logs")
                .whereLayer("logs").mayOnlyBeAccessedByLayers("cli", "daemon")
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
}
