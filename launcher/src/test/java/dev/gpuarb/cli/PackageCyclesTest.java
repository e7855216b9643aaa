package dev.gpuarb.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * This module's packages depend on each other one way only: a package can be read, tested and changed
 * knowing only those it uses, never those that use it.
 */
class PackageCyclesTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        // The module's own classes only (its class directory or jar), not those of the modules it uses.
        JavaClasses module = new ClassFileImporter()
                .importUrl(GpuarbCli.class.getProtectionDomain().getCodeSource().getLocation());
        slices().matching("dev.gpuarb.(**)").should().beFreeOfCycles().check(module);
    }
}
