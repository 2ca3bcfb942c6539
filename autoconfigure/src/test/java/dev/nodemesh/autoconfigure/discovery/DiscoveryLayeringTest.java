package dev.nodemesh.autoconfigure.discovery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of discovery in docs/architecture.md, checked on the compiled main classes. */
class DiscoveryLayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.nodemesh.autoconfigure");
    }

    @Test
    void discoveryKnowsNothingOfTheRestOfAutoconfigure() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.autoconfigure.discovery..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nodemesh.autoconfigure")
                .because("the auto-configuration builds the strategies and the poller; they take what they need")
                .check(classes);
    }

    @Test
    void onlyTheSpringCloudStrategyTouchesSpringCloud() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.autoconfigure.discovery..")
                .and()
                .doNotHaveSimpleName("SpringCloudDiscovery")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.cloud..")
                .because("spring-cloud-commons is optional: the other strategies run without it")
                .check(classes);
    }

    @Test
    void discoveryDoesNotReachIntoCoreInternals() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.autoconfigure.discovery..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nodemesh.dist..", "dev.nodemesh.runtime..", "dev.nodemesh.transport..")
                .because("discovery stands on the public API: NodeName and the Node")
                .check(classes);
    }
}
