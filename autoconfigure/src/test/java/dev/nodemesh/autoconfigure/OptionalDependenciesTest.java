package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import dev.nodemesh.autoconfigure.health.NodemeshHealthIndicator;
import dev.nodemesh.autoconfigure.metrics.NodeMeterBinder;
import dev.nodemesh.testsupport.Slow;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The node runs with neither the actuator nor Micrometer on the classpath. */
@Slow
class OptionalDependenciesTest {

    private final TestNodeProperties nodes = new TestNodeProperties();

    @Test
    void withoutActuatorHealthAndMicrometerTheNodeShouldStillRun() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        NodemeshAutoConfiguration.class,
                        NodesEndpointAutoConfiguration.class,
                        NodemeshHealthContributorAutoConfiguration.class,
                        NodemeshMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class, MeterRegistry.class))
                .withPropertyValues(nodes.node("chip", "management.endpoints.web.exposure.include=*"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(Node.class);
                    assertThat(context).hasSingleBean(NodeLifecycle.class);
                    assertThat(context).doesNotHaveBean(NodesEndpoint.class);
                    assertThat(context).doesNotHaveBean(NodemeshHealthIndicator.class);
                    assertThat(context).doesNotHaveBean(NodeMeterBinder.class);
                });
    }
}
