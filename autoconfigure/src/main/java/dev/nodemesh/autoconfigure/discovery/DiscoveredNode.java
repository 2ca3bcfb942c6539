package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;
import java.util.Objects;

/**
 * A member a {@link DiscoveryStrategy} found: its node name and, when the source gives one (a DNS
 * SRV record, a fixed port), its distribution port.
 *
 * @param name the node's full name
 * @param port its distribution port, or 0 when it is found through EPMD
 */
public record DiscoveredNode(NodeName name, int port) {

    /**
     * Checks the member.
     *
     * @param name the node's full name
     * @param port 0, or a port 1..65535
     */
    public DiscoveredNode {
        Objects.requireNonNull(name, "name");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of " + name + " must be 1..65535 (or 0: none); got " + port);
        }
    }

    /**
     * A member found through EPMD.
     *
     * @param name the node's full name
     * @return the member, without port
     */
    public static DiscoveredNode of(NodeName name) {
        return new DiscoveredNode(name, 0);
    }

    /**
     * Tells whether the source gave the member's distribution port.
     *
     * @return whether {@link #port()} is a port
     */
    public boolean hasPort() {
        return port != 0;
    }
}
