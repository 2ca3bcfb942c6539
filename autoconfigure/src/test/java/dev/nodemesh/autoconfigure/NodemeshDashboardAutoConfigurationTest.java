package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.dashboard.ClusterEvent;
import dev.nodemesh.autoconfigure.dashboard.ClusterViewEndpoint;
import dev.nodemesh.autoconfigure.dashboard.NodeEventHistory;
import dev.nodemesh.autoconfigure.dashboard.TrafficSampler;
import dev.nodemesh.testsupport.Slow;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The cluster view exists only when switched on and exposed, validates its properties, keeps a
 * bounded list of events and leaves no sampling thread behind.
 */
@Slow
class NodemeshDashboardAutoConfigurationTest {

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(NodemeshAutoConfiguration.class, NodemeshDashboardAutoConfiguration.class));

    private static final String ENABLED = "nodemesh.dashboard.enabled=true";

    private static final String EXPOSED = "management.endpoints.web.exposure.include=cluster";

    @Test
    void whenEnabledAndExposedShouldCreateTheView() {
        runner.withPropertyValues(nodes.node("chip", ENABLED, EXPOSED)).run(context -> {
            assertThat(context).hasSingleBean(ClusterViewEndpoint.class);
            assertThat(context).hasSingleBean(TrafficSampler.class);
        });
    }

    @Test
    void whenNotEnabledShouldNotCreateTheView() {
        runner.withPropertyValues(nodes.node("chip", EXPOSED)).run(context -> {
            assertThat(context).hasSingleBean(Node.class);
            assertThat(context).doesNotHaveBean(ClusterViewEndpoint.class);
            assertThat(context).doesNotHaveBean(TrafficSampler.class);
        });
    }

    @Test
    void whenNotExposedShouldNotCreateTheView() {
        runner.withPropertyValues(nodes.node("chip", ENABLED)).run(context -> {
            assertThat(context).hasSingleBean(Node.class);
            assertThat(context).doesNotHaveBean(ClusterViewEndpoint.class);
            assertThat(context).doesNotHaveBean(NodeEventHistory.class);
        });
    }

    @Test
    void aSampleIntervalOfZeroShouldFailTheStartWithTheProperty() {
        runner.withPropertyValues(nodes.node("chip", ENABLED, EXPOSED, "nodemesh.dashboard.sample-interval=0s"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("nodemesh.dashboard.sample-interval"));
    }

    @Test
    void theEventListShouldKeepTheLatestMaxEventsNewestFirst() {
        runner.withPropertyValues(nodes.node("chip", ENABLED, EXPOSED, "nodemesh.dashboard.max-events=2"))
                .run(context -> {
                    NodeEventHistory events = context.getBean(NodeEventHistory.class);
                    events.nodeUp(NodeName.parse("a@localhost"), true);
                    events.nodeUp(NodeName.parse("b@localhost"), false);
                    events.nodeDown(NodeName.parse("a@localhost"), NodeDownReason.NET_TICK_TIMEOUT);

                    assertThat(events.latest())
                            .extracting(ClusterEvent::node, ClusterEvent::type, ClusterEvent::reason)
                            .containsExactly(
                                    tuple("a@localhost", "down", "net_tick_timeout"), tuple("b@localhost", "up", null));
                });
    }

    @Test
    void closingTheContextShouldEndTheSamplingThread() {
        runner.withPropertyValues(nodes.node("chip", ENABLED, EXPOSED))
                .run(context -> assertThat(samplingThreads()).isPositive());

        assertThat(samplingThreads()).isZero();
    }

    private static long samplingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("nodemesh-dashboard-chip") && thread.isAlive())
                .count();
    }
}
