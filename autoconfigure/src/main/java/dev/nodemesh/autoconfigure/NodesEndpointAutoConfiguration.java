package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.endpoint.AllowedConnectTargets;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpointWebExtension;
import dev.nodemesh.spring.NodeProcessRegistrar;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link NodesEndpoint} ({@code /actuator/nodes}), when Spring Boot's
 * actuator is on the classpath and the endpoint is available (exposed and not switched off). Its
 * access is read-only unless {@code management.endpoint.nodes.access=unrestricted}; a connect then
 * dials only the nodes of {@code nodemesh.connect.nodes}, {@code nodemesh.health.required-nodes}
 * and {@code nodemesh.epmd.peers}, and nodes on the hosts of {@code
 * nodemesh.actuator.allowed-connect-hosts}.
 */
@AutoConfiguration(after = NodemeshAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnSingleCandidate(NodeLifecycle.class)
@ConditionalOnAvailableEndpoint(NodesEndpoint.class)
@EnableConfigurationProperties(NodemeshProperties.class)
public final class NodesEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NodesEndpoint nodesEndpoint(
            NodeLifecycle lifecycle,
            ApplicationEventPublisher eventPublisher,
            NodemeshProperties properties,
            ObjectProvider<NodeProcessRegistrar> processes) {
        NodesEndpoint endpoint =
                new NodesEndpoint(lifecycle, eventPublisher, allowedTargets(lifecycle.node(), properties));
        endpoint.setProcesses(processes.getIfUnique());
        return endpoint;
    }

    @Bean
    @ConditionalOnMissingBean
    NodesEndpointWebExtension nodesEndpointWebExtension(NodesEndpoint nodesEndpoint) {
        return new NodesEndpointWebExtension(nodesEndpoint);
    }

    /** The configured nodes, and the nodes on the hosts the operator allows. */
    static AllowedConnectTargets allowedTargets(Node node, NodemeshProperties properties) {
        List<NodeName> configured = new ArrayList<>();
        configured.addAll(ConfiguredNodeNames.parse(
                "nodemesh.connect.nodes", properties.getConnect().getNodes()));
        configured.addAll(ConfiguredNodeNames.parse(
                "nodemesh.health.required-nodes", properties.getHealth().getRequiredNodes()));
        configured.addAll(node.config().peers().keySet());
        List<String> hosts = properties.getActuator().getAllowedConnectHosts();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            try {
                AllowedConnectTargets.of(List.of(), host == null ? List.of("") : List.of(host));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(
                        NodesEndpoint.ALLOWED_CONNECT_HOSTS_PROPERTY + "[" + i + "]", host, e.getMessage());
            }
        }
        return AllowedConnectTargets.of(configured, hosts);
    }
}
