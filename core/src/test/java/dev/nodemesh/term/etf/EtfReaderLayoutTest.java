package dev.nodemesh.term.etf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the decoder: {@link EtfReader} holds the two readers and the containers; the leaf
 * readers read scalars over the {@link EtfCursor}, and neither they nor the cursor reach back.
 */
class EtfReaderLayoutTest {

    private static final String PACKAGE = "dev.nodemesh.term.etf";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PACKAGE);
    }

    @Test
    void leafReadersDoNotReachTheContainerReader() {
        noClasses()
                .that()
                .resideInAPackage(PACKAGE)
                .and()
                .haveNameMatching(".*\\.\\w+Reader(\\$.*)?")
                .and()
                .doNotHaveSimpleName("EtfReader")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(EtfReader.class, Frame.class)
                .because("a leaf reader reads one scalar over the cursor; the containers are EtfReader's")
                .check(classes);
    }

    @Test
    void cursorKnowsNoReader() {
        noClasses()
                .that()
                .belongToAnyOf(EtfCursor.class)
                .should()
                .dependOnClassesThat()
                .haveNameMatching(PACKAGE.replace(".", "\\.") + "\\.\\w+Reader(\\$.*)?")
                .because("the cursor is the input and its checks, under every reader")
                .check(classes);
    }
}
