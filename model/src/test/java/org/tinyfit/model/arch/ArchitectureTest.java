package org.tinyfit.model.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the model module's structure (docs/ARCHITECTURE.md): no JavaFX, no
 * package cycles, kernels below everything, and the plan rules as the bottom layer
 * that cost, projection, training and the views share.
 */
class ArchitectureTest {
    private static JavaClasses model;

    @BeforeAll
    static void load() {
        model = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tinyfit.model");
    }

    @Test
    void modelNeverUsesJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
                .because("the model module runs headless, in the CLI and on workers").check(model);
    }

    @Test
    void modelPackagesAreFreeOfCycles() {
        slices().matching("org.tinyfit.model.(**)").should().beFreeOfCycles().check(model);
    }

    @Test
    void kernelsUseNothingElseOfTheModel() {
        noClasses().that().resideInAPackage("org.tinyfit.model.kernels..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tinyfit.model.net..", "org.tinyfit.model.compress..",
                        "org.tinyfit.model.plan..", "org.tinyfit.model.cost..", "org.tinyfit.model.train..",
                        "org.tinyfit.model.io..", "org.tinyfit.model.data..", "org.tinyfit.model.explore..")
                .because("kernels are flat-array arithmetic with explicit dimensions").check(model);
    }

    @Test
    void plansSitBelowCostProjectionTrainingAndFiles() {
        noClasses().that().resideInAPackage("org.tinyfit.model.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tinyfit.model.compress..", "org.tinyfit.model.cost..",
                        "org.tinyfit.model.train..", "org.tinyfit.model.io..", "org.tinyfit.model.kernels..")
                .because("every consumer asks the plan package, never the other way round").check(model);
    }
}
