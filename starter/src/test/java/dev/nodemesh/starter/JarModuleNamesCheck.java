package dev.nodemesh.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.NodemeshAutoConfiguration;
import dev.nodemesh.spring.NodeProcess;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each published jar declares its {@code Automatic-Module-Name}, and the JDK derives that name
 * for it on the module path. Runs after {@code package} (the {@code jar-module-names} execution of
 * {@code ./mvnw verify}), when the reactor hands this module the built jars.
 */
class JarModuleNamesCheck {

    static Stream<Arguments> jars() throws URISyntaxException {
        return Stream.of(
                Arguments.of(jarOf(Node.class), "dev.nodemesh"),
                Arguments.of(jarOf(NodeProcess.class), "dev.nodemesh.spring"),
                Arguments.of(jarOf(NodemeshAutoConfiguration.class), "dev.nodemesh.autoconfigure"),
                Arguments.of(Path.of(System.getProperty("nodemesh.starter.jar")), "dev.nodemesh.starter"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("jars")
    void theJarShouldDeclareItsModuleName(Path jar, String name) throws IOException {
        assertThat(jar)
                .as("a built jar (run ./mvnw verify, with -am when only some modules are built)")
                .isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo(name);
        }
        Set<ModuleReference> modules = ModuleFinder.of(jar).findAll();
        assertThat(modules).hasSize(1);
        ModuleDescriptor descriptor = modules.iterator().next().descriptor();
        assertThat(descriptor.name()).isEqualTo(name);
        assertThat(descriptor.isAutomatic()).isTrue();
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
