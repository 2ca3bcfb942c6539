package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The {@code spring-cloud} strategy: the instances of configured service ids in Spring Cloud's
 * {@link DiscoveryClient} (Consul, Eureka, Kubernetes, the simple one), each member's node name
 * read from an instance metadata key, {@code nodemesh-node} by default. Instances without the key
 * are not nodes and are skipped; a key whose value is no node name makes the answer a {@link
 * DiscoveryException}.
 */
public final class SpringCloudDiscovery implements DiscoveryStrategy {

    private final DiscoveryClient client;

    private final List<String> serviceIds;

    private final String metadataKey;

    /**
     * Creates the strategy.
     *
     * @param client the discovery client
     * @param serviceIds the services whose instances are members
     * @param metadataKey the metadata key holding a member's node name
     */
    public SpringCloudDiscovery(DiscoveryClient client, List<String> serviceIds, String metadataKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.serviceIds = List.copyOf(serviceIds);
        this.metadataKey = Objects.requireNonNull(metadataKey, "metadataKey");
    }

    @Override
    public String name() {
        return "spring-cloud" + serviceIds;
    }

    /** Without service ids there is nothing to poll: asked once, it answers no member. */
    @Override
    public boolean changes() {
        return !serviceIds.isEmpty();
    }

    @Override
    public Set<DiscoveredNode> members() throws DiscoveryException {
        Set<DiscoveredNode> members = new LinkedHashSet<>();
        for (String serviceId : serviceIds) {
            List<ServiceInstance> instances;
            try {
                instances = client.getInstances(serviceId);
            } catch (RuntimeException e) {
                throw new DiscoveryException(client.description() + " failed for " + serviceId + ": " + e, e);
            }
            for (ServiceInstance instance : instances == null ? List.<ServiceInstance>of() : instances) {
                Map<String, String> metadata = instance.getMetadata();
                String name = metadata == null ? null : metadata.get(metadataKey);
                if (name != null) {
                    members.add(DiscoveredNode.of(node(serviceId, name)));
                }
            }
        }
        return members;
    }

    private NodeName node(String serviceId, String name) throws DiscoveryException {
        try {
            return NodeName.parse(name.strip());
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException(
                    "an instance of " + serviceId + " has " + metadataKey + " metadata that is no node name: "
                            + e.getMessage(),
                    e);
        }
    }
}
