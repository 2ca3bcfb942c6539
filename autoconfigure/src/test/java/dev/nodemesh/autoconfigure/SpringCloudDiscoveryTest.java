package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.discovery.DiscoveryStrategy;
import dev.nodemesh.testsupport.Slow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

/**
 * Discovery through Spring Cloud's {@code SimpleDiscoveryClient}: members come from the instances'
 * {@code nodemesh-node} metadata, follow instance changes while the nodes run, and the node's own
 * name goes into its registration metadata.
 */
@Slow
@ExtendWith(OutputCaptureExtension.class)
class SpringCloudDiscoveryTest {

    private static final Duration SOON = Duration.ofSeconds(15);

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner plain =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class));

    private final ApplicationContextRunner cloud = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    UtilAutoConfiguration.class,
                    SimpleDiscoveryClientAutoConfiguration.class,
                    NodemeshAutoConfiguration.class,
                    NodemeshDiscoveryAutoConfiguration.class));

    @Test
    void instancesShouldBecomeMembersAndFollowInstanceChanges(CapturedOutput output) {
        plain.withPropertyValues(nodes.node("chip")).run(chip -> cloud.withPropertyValues(nodes.node(
                        "dale",
                        "nodemesh.discovery.interval=100ms",
                        "nodemesh.discovery.spring-cloud.service-ids=mesh",
                        "spring.cloud.discovery.client.simple.instances.mesh[0].host=localhost",
                        "spring.cloud.discovery.client.simple.instances.mesh[0].metadata.nodemesh-node=" + full("chip"),
                        "spring.cloud.discovery.client.simple.instances.mesh[1].host=localhost",
                        "spring.cloud.discovery.client.simple.instances.mesh[1].metadata.other=x"))
                .run(dale -> {
                    assertThat(dale).hasNotFailed();
                    Node daleNode = dale.getBean(Node.class);
                    await().atMost(SOON).until(() -> connected(daleNode).contains(full("chip")));

                    plain.withPropertyValues(nodes.node("eve")).run(eve -> {
                        List<InstanceProperties> mesh = dale.getBean(SimpleDiscoveryProperties.class)
                                .getInstances()
                                .get("mesh");
                        mesh.add(instance("eve"));
                        await().atMost(SOON).until(() -> connected(daleNode).contains(full("eve")));

                        mesh.removeIf(i -> full("chip").equals(i.getMetadata().get("nodemesh-node")));
                        await().atMost(SOON)
                                .until(() -> output.getAll().contains(full("chip") + " is no longer a member"));
                    });
                }));
    }

    @Test
    void theNodeNameShouldGoIntoTheRegistrationMetadata() {
        cloud.withPropertyValues(nodes.node("dale")).run(dale -> {
            assertThat(dale.getBean(SimpleDiscoveryProperties.class).getLocal().getMetadata())
                    .containsEntry("nodemesh-node", full("dale"));
            Map<String, String> metadata = new HashMap<>();
            dale.publishEvent(new InstancePreRegisteredEvent(this, registration(metadata)));
            assertThat(metadata).containsEntry("nodemesh-node", full("dale"));
        });
    }

    @Test
    void withoutSpringCloudThereShouldBeNoSpringCloudStrategy() {
        cloud.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
                .withPropertyValues(nodes.node("dale"))
                .run(dale -> {
                    assertThat(dale).hasNotFailed();
                    assertThat(dale).doesNotHaveBean(DiscoveryStrategy.class);
                });
    }

    private static InstanceProperties instance(String alive) {
        InstanceProperties instance = new InstanceProperties();
        instance.setServiceId("mesh");
        instance.setHost("localhost");
        instance.setMetadata(new HashMap<>(Map.of("nodemesh-node", full(alive))));
        return instance;
    }

    private static Registration registration(Map<String, String> metadata) {
        return new Registration() {
            @Override
            public String getServiceId() {
                return "mesh";
            }

            @Override
            public String getHost() {
                return "localhost";
            }

            @Override
            public int getPort() {
                return 8080;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public URI getUri() {
                return URI.create("http://localhost:8080");
            }

            @Override
            public Map<String, String> getMetadata() {
                return metadata;
            }
        };
    }

    private static List<String> connected(Node node) {
        List<String> names = new ArrayList<>();
        for (ConnectedNode connected : node.nodes()) {
            names.add(connected.name().toString());
        }
        return names;
    }
}
