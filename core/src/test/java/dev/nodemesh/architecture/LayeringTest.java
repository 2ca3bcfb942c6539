package dev.nodemesh.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.nodemesh.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/architecture.md, checked on the compiled main classes. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.nodemesh");
    }

    @Test
    void termLayerDependsOnNothingElseInNodemesh() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.term..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.nodemesh.term..", "java..", "javax..", "io.netty..", "org.slf4j..")
                .because("the term layer is the bottom of the stack: every other layer uses it, it uses none")
                .check(classes);
    }

    @Test
    void termModelDoesNotTouchNetty() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.term")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.netty..")
                .because("the public term types are plain values; only the codec works on ByteBuf")
                .check(classes);
    }

    @Test
    void runtimeLayersNeverReachUpToThePublicFacade() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.nodemesh.epmd..",
                        "dev.nodemesh.handshake..",
                        "dev.nodemesh.transport..",
                        "dev.nodemesh.dist..",
                        "dev.nodemesh.process..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nodemesh", "dev.nodemesh.runtime..", "dev.nodemesh.global..")
                .because("Node, Mailbox, the configuration and the process runtime sit on top; the layers"
                        + " below take plain values")
                .check(classes);
    }

    @Test
    void theApiPackageHoldsOnlyPublicTypes() {
        classes()
                .that()
                .resideInAPackage("dev.nodemesh")
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .bePublic()
                .because("dev.nodemesh is the public API: types users name, each a facade or a value;"
                        + " runtime classes live in dev.nodemesh.runtime (internal)")
                .check(classes);
    }

    @Test
    void theRuntimeNeverReachesUpToTheNodeFacade() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.runtime..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Node.class)
                .because("the runtime is what Node is a facade over; it takes the table, the connections and"
                        + " the settings it needs, never the whole node")
                .check(classes);
    }

    @Test
    void theProcessRuntimeDoesNotKnowTheGlobalRegistry() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nodemesh.global..")
                .because("global is one more system process on top of the runtime: Node starts it, the runtime"
                        + " routes to it by its registered name like to any process")
                .check(classes);
    }

    @Test
    void theGlobalRegistryNeverReachesUpToTheNodeFacade() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.global..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Node.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "dev.nodemesh.transport..", "dev.nodemesh.handshake..")
                .because("the name server speaks terms to other name servers through the runtime and the"
                        + " connection table; Node.global() is the facade over it")
                .check(classes);
    }

    @Test
    void processesDoNotKnowNetty() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.process..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.netty..")
                .because("processes get decoded terms; only the wire layers handle buffers and channels")
                .check(classes);
    }

    @Test
    void wireLayersDependOnlyDownwards() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.nodemesh.transport..", "dev.nodemesh.handshake..", "dev.nodemesh.epmd..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nodemesh.dist..", "dev.nodemesh.process..")
                .because("transport, handshake and EPMD are below the connection table and the processes")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.dist..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nodemesh.process..", "dev.nodemesh.epmd..")
                .because("the connection table hands messages up through InboundListener and finds peers"
                        + " through PeerLocator")
                .check(classes);
    }

    @Test
    void mappingKnowsOnlyTheTermModelAndTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.term.mapping..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.nodemesh.term", "dev.nodemesh.term.mapping..", "java..")
                .because("Java values map to term values; the codec and the wire are someone else's job")
                .check(classes);
    }

    @Test
    void tlsConfigurationStandsOnNettyAndTheJdkAlone() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.tls..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nodemesh..")
                .andShould()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.nodemesh.tls..", "java..", "javax..", "io.netty..")
                .because("the TLS settings are a public value the node, the connection table and Spring all"
                        + " take; they know no layer of nodemesh")
                .check(classes);
    }

    @Test
    void processGroupsStandOnThePublicApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.nodemesh.pg..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nodemesh.runtime..",
                        "dev.nodemesh.process..",
                        "dev.nodemesh.transport..",
                        "dev.nodemesh.handshake..",
                        "dev.nodemesh.epmd..")
                .because("a pg scope is a mailbox with a handler: it uses mailboxes, monitors and node events"
                        + " as an application could, never the runtime below them")
                .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.nodemesh.(**)").should().beFreeOfCycles().check(classes);
    }
}
