package dev.nodemesh.autoconfigure.endpoint;

import dev.nodemesh.NodeName;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The nodes that {@code POST /actuator/nodes/{node}} may make the node dial: nodes named in the
 * configuration, and nodes on the hosts the operator lists. Connecting to a node is a handshake
 * that answers the other side's challenge with a digest of the cookie, which can be guessed offline;
 * so a node name taken from an HTTP request is dialled only when it is allowed here.
 *
 * <p>Hosts are compared as written after the {@code @} of a node name, ignoring case, without
 * looking anything up: {@code dale@vm} is on host {@code vm}, not on {@code vm.example.com} nor on
 * its address. The host {@value #ANY_HOST} allows every node.
 */
public final class AllowedConnectTargets {

    /** The host entry that allows every node. */
    public static final String ANY_HOST = "*";

    private static final AllowedConnectTargets NONE = new AllowedConnectTargets(Set.of(), Set.of());

    private final Set<NodeName> nodes;

    private final Set<String> hosts;

    private AllowedConnectTargets(Set<NodeName> nodes, Set<String> hosts) {
        this.nodes = nodes;
        this.hosts = hosts;
    }

    /**
     * Allows the given nodes, and every node on the given hosts.
     *
     * @param nodes nodes allowed by name
     * @param hosts hosts whose nodes are allowed, as written in node names, or {@value #ANY_HOST}
     * @return the allowed targets
     * @throws IllegalArgumentException when a host is blank or holds a {@code @} or white space
     */
    public static AllowedConnectTargets of(Collection<NodeName> nodes, Collection<String> hosts) {
        Set<String> normalized =
                hosts.stream().map(AllowedConnectTargets::normalizeHost).collect(Collectors.toUnmodifiableSet());
        return new AllowedConnectTargets(Set.copyOf(nodes), normalized);
    }

    /**
     * Allows no node: the endpoint connects only to nodes that are connected already.
     *
     * @return the allowed targets
     */
    public static AllowedConnectTargets none() {
        return NONE;
    }

    /**
     * Tells whether a node may be dialled.
     *
     * @param node the node
     * @return whether it is named, or on a listed host
     */
    public boolean allows(NodeName node) {
        return nodes.contains(node)
                || hosts.contains(ANY_HOST)
                || hosts.contains(node.host().toLowerCase(Locale.ROOT));
    }

    private static String normalizeHost(String host) {
        String stripped = Objects.requireNonNull(host, "host").strip();
        if (stripped.equals(ANY_HOST)) {
            return stripped;
        }
        if (stripped.isEmpty() || stripped.indexOf('@') >= 0 || stripped.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + host + "' is not a host: expected a host as written after the @"
                    + " of a node name, such as vm, 10.0.3.7 or app-2.example.com, or " + ANY_HOST + " for any host");
        }
        return stripped.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AllowedConnectTargets[nodes=" + nodes + ", hosts=" + hosts + "]";
    }
}
