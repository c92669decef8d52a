package jpm.cli.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dashboard loads only for `jpm dashboard`: the rest of the CLI (ping, ls, ...) never reaches its classes. */
class DashboardPackageTest {
    @Test
    void onlyTheDashboardCommandUsesThePackage() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("jpm");
        noClasses().that().resideOutsideOfPackage("jpm.cli.dashboard..")
                .and().doNotHaveFullyQualifiedName("jpm.cli.DashboardCommand")
                .and().doNotHaveFullyQualifiedName("jpm.cli.DashboardCommand$1")
                .should().dependOnClassesThat().resideInAPackage("jpm.cli.dashboard..")
                .check(classes);
    }
}
