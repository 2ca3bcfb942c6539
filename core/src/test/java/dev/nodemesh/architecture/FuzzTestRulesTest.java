package dev.nodemesh.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules that keep every fuzz test running in {@code ./mvnw verify}: surefire runs only classes
 * named {@code *Test}, so a fuzz test's class must end in {@code FuzzTest}; and each fuzz test
 * replays a committed seed directory ({@code <Class>Inputs/<method>/} next to the class), without
 * which the regression run would try the empty input only.
 */
class FuzzTestRulesTest {

    private static JavaClasses testClasses;

    @BeforeAll
    static void importTestClasses() {
        testClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.nodemesh");
    }

    @Test
    void fuzzTestsLiveInClassesNamedFuzzTest() {
        methods()
                .that()
                .areAnnotatedWith(FuzzTest.class)
                .should()
                .beDeclaredInClassesThat()
                .haveSimpleNameEndingWith("FuzzTest")
                .because("surefire runs only *Test classes, and the fuzz tests are told apart by FuzzTest")
                .check(testClasses);
    }

    @Test
    void everyFuzzTestHasCommittedSeeds() throws URISyntaxException {
        List<JavaMethod> fuzzTests = testClasses.stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(FuzzTest.class))
                .toList();
        assertThat(fuzzTests).as("fuzz tests found").hasSizeGreaterThanOrEqualTo(13);
        for (JavaMethod method : fuzzTests) {
            Class<?> owner = method.getOwner().reflect();
            String inputs = owner.getSimpleName() + "Inputs/" + method.getName();
            URL url = owner.getResource(inputs);
            assertThat(url)
                    .as("seed directory %s of %s", inputs, owner.getName())
                    .isNotNull();
            String[] seeds = new File(url.toURI()).list();
            assertThat(seeds).as("seeds in %s", inputs).isNotEmpty();
        }
    }
}
