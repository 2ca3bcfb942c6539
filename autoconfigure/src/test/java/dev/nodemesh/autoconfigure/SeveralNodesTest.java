package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import dev.nodemesh.autoconfigure.event.NodeEventPublisher;
import dev.nodemesh.autoconfigure.health.NodemeshHealthIndicator;
import dev.nodemesh.autoconfigure.metrics.NodeMeterBinder;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.testsupport.Slow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application that defines two nodes of its own: the beans that take the node use the
 * {@code @Primary} one; without one they back off, and {@code @NodeProcess} beans fail startup
 * saying which node to mark.
 */
@Slow
class SeveralNodesTest {

    private static final TestNodeProperties NODES = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    NodemeshAutoConfiguration.class,
                    NodemeshHealthContributorAutoConfiguration.class,
                    NodemeshMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    NodesEndpointAutoConfiguration.class,
                    JacksonEndpointAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("management.endpoints.web.exposure.include=nodes")
            .withPropertyValues(NODES.node("unused"));

    @Test
    void withoutAPrimaryNodeTheBeansThatTakeTheNodeShouldBackOff() {
        twoNodes(false).run(context -> {
            assertThat(context).hasNotFailed().getBeans(Node.class).hasSize(2);
            assertThat(context)
                    .doesNotHaveBean(NodeLifecycle.class)
                    .doesNotHaveBean(NodeTemplate.class)
                    .doesNotHaveBean(NodeEventPublisher.class)
                    .doesNotHaveBean(NodemeshHealthIndicator.class)
                    .doesNotHaveBean(NodeMeterBinder.class)
                    .doesNotHaveBean(NodesEndpoint.class);
        });
    }

    @Test
    void withAPrimaryNodeTheBeansShouldUseIt() {
        twoNodes(true)
                .withUserConfiguration(NodeProcessSupervisionTest.GreeterConfiguration.class)
                .run(context -> {
                    Node chip = context.getBean("chip", Node.class);
                    assertThat(context.getBean(NodeLifecycle.class).node()).isSameAs(chip);
                    assertThat(context.getBean(NodeTemplate.class).node()).isSameAs(chip);
                    assertThat(context).hasSingleBean(NodemeshHealthIndicator.class);
                    assertThat(context).hasSingleBean(NodeMeterBinder.class);
                    assertThat(context).hasSingleBean(NodesEndpoint.class);
                    assertThat(chip.whereis("greeter")).isPresent();
                    assertThat(context.getBean("dale", Node.class).whereis("greeter"))
                            .isEmpty();
                });
    }

    @Test
    void withoutAPrimaryNodeAProcessBeanShouldFailStartupSayingWhatToDo() {
        twoNodes(false)
                .withUserConfiguration(NodeProcessSupervisionTest.GreeterConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessage("@NodeProcess beans run on the application's Node, but the context has 2"
                                    + " Node beans and none is @Primary; mark the one they run on @Primary");
                });
    }

    /** The runner with two nodes of the application's, chip and dale; chip {@code @Primary} or not. */
    private ApplicationContextRunner twoNodes(boolean chipPrimary) {
        return runner.withBean("chip", Node.class, () -> start("chip"), chip -> chip.setPrimary(chipPrimary))
                .withBean("dale", Node.class, () -> start("dale"));
    }

    private static Node start(String alive) {
        try {
            return Node.start(NodeConfig.builder(alive + "@localhost")
                    .cookie(Cookie.of(TestNodeProperties.COOKIE))
                    .listen(InetAddress.getLoopbackAddress(), 0)
                    .epmdPort(NODES.epmdPort())
                    .eventLoopThreads(1)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
