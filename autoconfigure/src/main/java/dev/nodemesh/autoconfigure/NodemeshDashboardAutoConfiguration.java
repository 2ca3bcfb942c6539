package dev.nodemesh.autoconfigure;

import dev.nodemesh.autoconfigure.dashboard.ClusterPage;
import dev.nodemesh.autoconfigure.dashboard.ClusterViewEndpoint;
import dev.nodemesh.autoconfigure.dashboard.NodeEventHistory;
import dev.nodemesh.autoconfigure.dashboard.TrafficHistory;
import dev.nodemesh.autoconfigure.dashboard.TrafficSampler;
import dev.nodemesh.spring.NodeProcessRegistrar;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the cluster view ({@link ClusterViewEndpoint}, {@code /actuator/cluster}):
 * only with {@code nodemesh.dashboard.enabled=true}, the actuator on the class path and the
 * endpoint {@code cluster} available (exposed, as {@code
 * management.endpoints.web.exposure.include} says, and not switched off). Samples the connections'
 * traffic and keeps the latest node events, both bounded, from startup on.
 */
@AutoConfiguration(after = NodemeshAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnSingleCandidate(NodeLifecycle.class)
@ConditionalOnBooleanProperty("nodemesh.dashboard.enabled")
@ConditionalOnAvailableEndpoint(ClusterViewEndpoint.class)
@EnableConfigurationProperties(NodemeshProperties.class)
public final class NodemeshDashboardAutoConfiguration {

    private static final String PREFIX = "nodemesh.dashboard.";

    @Bean
    @ConditionalOnMissingBean
    TrafficHistory nodemeshTrafficHistory(NodemeshProperties properties) {
        NodemeshProperties.Dashboard dashboard = properties.getDashboard();
        Duration interval = positive("sample-interval", dashboard.getSampleInterval());
        Duration history = positive("history", dashboard.getHistory());
        return new TrafficHistory(TrafficHistory.samplesFor(history, interval));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    TrafficSampler nodemeshTrafficSampler(
            NodeLifecycle lifecycle, TrafficHistory history, NodemeshProperties properties) {
        Duration interval =
                positive("sample-interval", properties.getDashboard().getSampleInterval());
        return new TrafficSampler(lifecycle.node(), history, interval, Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    NodeEventHistory nodemeshEventHistory(NodeLifecycle lifecycle, NodemeshProperties properties) {
        int maxEvents = properties.getDashboard().getMaxEvents();
        if (maxEvents < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    PREFIX + "max-events", maxEvents, "the view keeps at least one event");
        }
        return new NodeEventHistory(lifecycle.node(), maxEvents, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterViewEndpoint clusterViewEndpoint(
            NodeLifecycle lifecycle,
            TrafficHistory traffic,
            NodeEventHistory events,
            NodemeshProperties properties,
            ObjectProvider<NodeProcessRegistrar> processes) {
        ClusterViewEndpoint endpoint = new ClusterViewEndpoint(
                lifecycle,
                ClusterPage.load(),
                traffic,
                events,
                properties.getDashboard().getSampleInterval(),
                Clock.systemUTC());
        endpoint.setProcesses(processes.getIfUnique());
        return endpoint;
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.toMillis() < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    PREFIX + property, value, "a duration of at least 1ms is needed, such as 2s");
        }
        return value;
    }
}
