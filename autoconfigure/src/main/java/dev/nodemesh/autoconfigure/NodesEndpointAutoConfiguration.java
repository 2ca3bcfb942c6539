package dev.nodemesh.autoconfigure;

import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link NodesEndpoint} ({@code /actuator/nodes}), when Spring Boot's
 * actuator is on the classpath and the endpoint is available (exposed and not switched off).
 */
@AutoConfiguration(after = NodemeshAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(NodeLifecycle.class)
@ConditionalOnAvailableEndpoint(NodesEndpoint.class)
public final class NodesEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NodesEndpoint nodesEndpoint(NodeLifecycle lifecycle, ApplicationEventPublisher eventPublisher) {
        return new NodesEndpoint(lifecycle, eventPublisher);
    }
}
