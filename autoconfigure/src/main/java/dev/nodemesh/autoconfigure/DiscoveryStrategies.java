package dev.nodemesh.autoconfigure;

import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.discovery.DiscoveryStrategy;
import dev.nodemesh.autoconfigure.discovery.DnsDiscovery;
import dev.nodemesh.autoconfigure.discovery.StaticDiscovery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The discovery strategies the properties ask for: {@code static} from {@code
 * nodemesh.connect.nodes} and {@code dns} from {@code nodemesh.discovery.dns.*}, each checked
 * with a message that names the property.
 */
final class DiscoveryStrategies {

    private static final int DNS_PORT = 53;

    private DiscoveryStrategies() {}

    /** The static list of {@code nodemesh.connect.nodes}, empty when none is given. */
    static List<DiscoveryStrategy> fromConnect(List<NodeName> peers) {
        return peers.isEmpty() ? List.of() : List.of(new StaticDiscovery(peers));
    }

    /**
     * The {@code dns} strategy, when {@code nodemesh.discovery.dns.query} is set.
     *
     * @param dns the properties
     * @param self this node, whose alive part is the default basename
     * @return the strategy, or empty
     */
    static List<DiscoveryStrategy> dns(NodemeshProperties.Dns dns, NodeName self) {
        String query = dns.getQuery() == null ? "" : dns.getQuery().strip();
        if (query.isEmpty()) {
            return List.of();
        }
        DnsDiscovery.Mode mode = dns.getMode() != null
                ? dns.getMode()
                : query.startsWith("_") ? DnsDiscovery.Mode.SRV : DnsDiscovery.Mode.ADDRESS;
        String basename = dns.getBasename() == null || dns.getBasename().isBlank()
                ? self.alive()
                : dns.getBasename().strip();
        try {
            NodeName.parse(basename + "@127.0.0.1");
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    "nodemesh.discovery.dns.basename",
                    basename,
                    "it must be a node name's alive part: " + e.getMessage());
        }
        int port = 0;
        if (dns.getPort() != null) {
            port = dns.getPort();
            if (port < 1 || port > 65535) {
                throw new InvalidConfigurationPropertyValueException(
                        "nodemesh.discovery.dns.port", port, "it must be a port, 1..65535");
            }
        }
        Duration timeout = dns.getTimeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException(
                    "nodemesh.discovery.dns.timeout", timeout, "it must be a positive duration, such as 5s");
        }
        return List.of(new DnsDiscovery(query, mode, basename, port, servers(dns.getServers()), timeout));
    }

    /** Name servers given as {@code host} or {@code host:port} ({@code [v6]:port} for IPv6). */
    static List<InetSocketAddress> servers(List<String> servers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            String server = servers.get(i) == null ? "" : servers.get(i).strip();
            addresses.add(server(server, "nodemesh.discovery.dns.servers[" + i + "]"));
        }
        return addresses;
    }

    private static InetSocketAddress server(String server, String property) {
        String host = server;
        int port = DNS_PORT;
        int colon = server.lastIndexOf(':');
        boolean bracketed = server.startsWith("[");
        if (colon > 0 && (bracketed ? server.indexOf("]:") == colon - 1 : server.indexOf(':') == colon)) {
            host = server.substring(0, colon);
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (bracketed) {
            host = host.replace("[", "").replace("]", "");
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new InvalidConfigurationPropertyValueException(
                    property, server, "it must be a name server, such as 10.96.0.10 or 127.0.0.1:5353");
        }
        return new InetSocketAddress(host, port);
    }
}
