package dev.nodemesh.autoconfigure;

import dev.nodemesh.NodeConfig;
import dev.nodemesh.epmd.EpmdException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells which property to change when the auto-configured node cannot start: its listen port is
 * in use ({@code nodemesh.listen.port}), its listen address is not one of this host's ({@code
 * nodemesh.listen.address}), or its name is registered with EPMD by another node ({@code
 * nodemesh.node.name}).
 */
final class NodeStartFailures {

    private NodeStartFailures() {}

    /**
     * Explains a failed {@link dev.nodemesh.Node#start}.
     *
     * @param config the configuration the node was started with
     * @param failure the failure
     * @return a {@link NodeStartException} naming the property to change, or empty when the failure
     *     is not one a property chooses around
     */
    static Optional<NodeStartException> explain(NodeConfig config, IOException failure) {
        EpmdException epmd = find(failure, EpmdException.class);
        if (epmd != null && epmd.kind() == EpmdException.Kind.NAME_IN_USE) {
            return Optional.of(nameInUse(config, failure));
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null) {
            return Optional.of(cannotBind(config.listenAddress(), bind, failure));
        }
        return Optional.empty();
    }

    private static NodeStartException nameInUse(NodeConfig config, IOException failure) {
        String alive = config.name().alive();
        return new NodeStartException(
                "nodemesh.node.name",
                "the name '" + alive + "' (of " + config.name() + ") is already registered with the EPMD on port "
                        + config.epmdPort() + ": another node on this host runs under that name",
                "Stop the other node '" + alive + "', or set nodemesh.node.name to a name no node on this host uses"
                        + " (nodemesh.epmd.port chooses another EPMD, and so another set of names)",
                failure);
    }

    private static NodeStartException cannotBind(InetSocketAddress address, BindException bind, IOException failure) {
        String reason = String.valueOf(bind.getMessage());
        String where = address.getAddress().getHostAddress() + " port " + address.getPort();
        if (reason.toLowerCase(Locale.ROOT).contains("in use")) {
            return new NodeStartException(
                    "nodemesh.listen.port",
                    where + " is already in use by another process (" + reason + ")",
                    "Stop the process that listens on port " + address.getPort()
                            + ", or set nodemesh.listen.port to a free port (0 picks one)",
                    failure);
        }
        return new NodeStartException(
                "nodemesh.listen.address",
                "cannot listen on " + where + " (" + reason + ")",
                "Set nodemesh.listen.address to an address of this host, such as 127.0.0.1, or 0.0.0.0 for every"
                        + " interface",
                failure);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
