package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.discovery.DiscoveryStrategy;
import dev.nodemesh.autoconfigure.discovery.SpringCloudDiscovery;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Discovery through Spring Cloud, when {@code spring-cloud-commons} is on the class path and the
 * application has a {@link DiscoveryClient}: the members are the instances of {@code
 * nodemesh.discovery.spring-cloud.service-ids}, and this node's name goes into the metadata of its
 * own registration ({@code nodemesh-node} by default), where the registry's {@code Registration}
 * (or the simple client's local instance) keeps metadata that can be changed.
 */
@AutoConfiguration(
        after = NodemeshAutoConfiguration.class,
        afterName = {
            "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
            "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration"
        })
@ConditionalOnClass({Node.class, DiscoveryClient.class})
@ConditionalOnBooleanProperty(name = "nodemesh.enabled", matchIfMissing = true)
@ConditionalOnBean(DiscoveryClient.class)
@EnableConfigurationProperties(NodemeshProperties.class)
public final class NodemeshDiscoveryAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NodemeshDiscoveryAutoConfiguration.class);

    /**
     * The strategy over the application's discovery client (the composite one when there are
     * several); asks no service while {@code service-ids} is empty.
     */
    @Bean
    @ConditionalOnSingleCandidate(DiscoveryClient.class)
    DiscoveryStrategy nodemeshSpringCloudDiscovery(DiscoveryClient client, NodemeshProperties properties) {
        NodemeshProperties.SpringCloud cloud = properties.getDiscovery().getSpringCloud();
        List<String> serviceIds = cloud.getServiceIds().stream()
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .toList();
        return new SpringCloudDiscovery(client, serviceIds, cloud.getMetadataKey());
    }

    /** Puts this node's name into the registration's metadata just before it is registered. */
    @Bean
    @ConditionalOnSingleCandidate(Node.class)
    @ConditionalOnBooleanProperty(name = "nodemesh.discovery.spring-cloud.register-metadata", matchIfMissing = true)
    ApplicationListener<InstancePreRegisteredEvent> nodemeshRegistrationMetadata(
            Node node, NodemeshProperties properties, ObjectProvider<SimpleDiscoveryProperties> simple) {
        String key = properties.getDiscovery().getSpringCloud().getMetadataKey();
        simple.ifAvailable(
                local -> publish(local.getLocal().getMetadata(), key, node, "the simple client's local instance"));
        return event -> publish(event.getRegistration().getMetadata(), key, node, "the service registration");
    }

    private static void publish(Map<String, String> metadata, String key, Node node, String where) {
        try {
            metadata.put(key, node.name().toString());
        } catch (RuntimeException e) {
            // an unmodifiable or absent map: the registry keeps its metadata elsewhere (its own properties)
            log.info(
                    "cannot put {}={} into the metadata of {} ({}); set it in the registry's own metadata"
                            + " properties",
                    key,
                    node.name(),
                    where,
                    e.toString());
        }
    }
}
