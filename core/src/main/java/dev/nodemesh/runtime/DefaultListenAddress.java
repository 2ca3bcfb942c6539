package dev.nodemesh.runtime;

import dev.nodemesh.NameMode;
import dev.nodemesh.NodeName;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a node listens when its configuration does not say: a long name (like {@code erl -name})
 * listens on every interface, as {@code erl} does; a short name (like {@code erl -sname}) means
 * one host, so it listens only on the address its own host part resolves to, which is where peers
 * on this host dial it ({@code chip@localhost} → 127.0.0.1, {@code chip@vm} → what {@code vm}
 * resolves to: 127.0.0.1, or 127.0.1.1 as Debian writes {@code /etc/hosts}, or the host's network
 * address). It never listens on an address that is not this host's: a host part that does not
 * resolve, or resolves elsewhere, gives loopback.
 *
 * <p>Peers resolve a host as {@code erl} does by default, to IPv4 first, so the first IPv4 address
 * is taken.
 */
public final class DefaultListenAddress {

    /** Resolves a host name; stands in for DNS in tests. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * Resolves a host name.
         *
         * @param host the name
         * @return its addresses
         * @throws UnknownHostException when it does not resolve
         */
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private DefaultListenAddress() {}

    /**
     * Returns where a node of this name listens by default.
     *
     * @param name the node's name
     * @return the address
     */
    public static InetAddress of(NodeName name) {
        return of(name, host -> List.of(InetAddress.getAllByName(host)), DefaultListenAddress::isThisHosts);
    }

    /**
     * Returns where a node of this name listens by default, resolving as told.
     *
     * @param name the node's name
     * @param resolver resolves host names
     * @param thisHosts tells whether an address is one of this host's
     * @return the address
     */
    public static InetAddress of(NodeName name, Resolver resolver, Predicate<InetAddress> thisHosts) {
        if (name.mode() == NameMode.LONG) {
            return new InetSocketAddress(0).getAddress();
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name.host());
        } catch (UnknownHostException e) {
            return loopback();
        }
        InetAddress chosen = addresses.stream()
                .filter(Inet4Address.class::isInstance)
                .findFirst()
                .orElse(addresses.isEmpty() ? null : addresses.get(0));
        if (chosen == null || !(chosen.isLoopbackAddress() || thisHosts.test(chosen))) {
            return loopback();
        }
        return chosen;
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    private static boolean isThisHosts(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
