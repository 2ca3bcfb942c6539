package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code static} strategy: a fixed list of members, such as {@code nodemesh.connect.nodes}.
 */
public final class StaticDiscovery implements DiscoveryStrategy {

    private final Set<DiscoveredNode> members;

    /**
     * Creates the strategy.
     *
     * @param nodes the members, in the order to connect to them
     */
    public StaticDiscovery(List<NodeName> nodes) {
        Set<DiscoveredNode> all = new LinkedHashSet<>();
        nodes.forEach(node -> all.add(DiscoveredNode.of(node)));
        this.members = Collections.unmodifiableSet(all);
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public Set<DiscoveredNode> members() {
        return members;
    }

    @Override
    public boolean changes() {
        return false;
    }
}
