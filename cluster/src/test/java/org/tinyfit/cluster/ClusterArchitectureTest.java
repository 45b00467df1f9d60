package org.tinyfit.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The cluster module uses the model and Hazelcast, never JavaFX, the views or the app. */
class ClusterArchitectureTest {
    /** This module's own classes (its output folder: scanning the class path for the package takes seconds). */
    private static final JavaClasses CLASSES;
    static {
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(java.nio.file.Path.of(Worker.class.getProtectionDomain().getCodeSource().getLocation().getPath()));
    }

    @Test void noJavaFxViewsOrApp() {
        org.junit.jupiter.api.Assertions.assertTrue(CLASSES.contain(ClusterTrialExecutor.class), "imported " + CLASSES.size() + " classes");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.tinyfit.views..", "org.tinyfit.app..").check(CLASSES);
    }
}
